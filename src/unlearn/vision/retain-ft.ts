import { z } from 'zod';
import type { VisionMethod } from './method.js';
import { amLoss } from './terms.js';

// Fine-tuning on the retain people only, hoping the forget people fade (catastrophic forgetting).
export const retainFt: VisionMethod<Record<string, never>> = {
  name: 'retain_ft',
  label: 'Retain FT',
  aliases: ['finetune'],
  description: 'Keeps training the classifier on the retain people only.',
  procedure: 'unlearn',
  configSchema: z.strictObject({}),
  loss: (context) => amLoss(context, context.retain),
};
