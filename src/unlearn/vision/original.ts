import { z } from 'zod';
import { noLoss } from './method.js';
import type { VisionMethod } from './method.js';

// The fine-tuned classifier, unchanged: the upper bound of what the attack can find.
export const original: VisionMethod<Record<string, never>> = {
  name: 'original',
  label: 'Original',
  aliases: ['finetuned'],
  description: 'The fine-tuned classifier before any unlearning.',
  procedure: 'keep',
  configSchema: z.strictObject({}),
  loss: () => noLoss('original'),
};
