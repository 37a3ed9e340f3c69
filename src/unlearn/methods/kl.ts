import { z } from 'zod';
import { neg } from '../../engine/index.js';
import type { UnlearnMethod } from '../method.js';
import { answerNll, distributionRows, klToOriginal, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
});

// -CE forget + KL(original || current) on retain (the reference's KL direction here agrees with ours).
export const kl: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'kl',
  label: 'KL',
  aliases: [],
  description: 'Gradient ascent on the forget set while keeping the retain-set predictions close to the original model (KL).',
  configSchema,
  needsOriginal: () => true,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => neg(answerNll(context, context.forget))],
    [config.retainWeight, () => klToOriginal(context, context.retain, 'original-current', distributionRows(context))],
  ]),
};
