import { z } from 'zod';
import type { UnlearnMethod } from '../method.js';
import { answerNll } from '../terms.js';

const configSchema = z.strictObject({});

// Fine-tuning on the retain set only: the baseline that forgets by not rehearsing.
export const retainFt: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'retain_ft',
  label: 'Retain FT',
  aliases: [],
  description: 'Keeps fine-tuning on the retain set only, so the forget set fades by not being rehearsed.',
  configSchema,
  needsOriginal: () => false,
  loss: (context) => answerNll(context, context.retain),
};
