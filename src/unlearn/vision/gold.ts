import { z } from 'zod';
import { noLoss } from './method.js';
import type { VisionMethod } from './method.js';

// Retraining from the pretrained backbone without the forget people, with the fine-tuning recipe: the
// model unlearning should imitate.
export const gold: VisionMethod<Record<string, never>> = {
  name: 'gold',
  label: 'Gold',
  aliases: ['retrain'],
  description: 'Retrained from the pretrained backbone on the retain people only.',
  procedure: 'retrain',
  configSchema: z.strictObject({}),
  loss: () => noLoss('gold'),
};
