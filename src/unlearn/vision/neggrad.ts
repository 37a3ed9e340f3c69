import { z } from 'zod';
import { neg } from '../../engine/index.js';
import { weightedSum } from '../terms.js';
import type { VisionMethod } from './method.js';
import { amLoss } from './terms.js';

const configSchema = z.strictObject({
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
});
type NegGradConfig = z.infer<typeof configSchema>;

// NegGrad+ (Kurmanji et al. 2023): gradient ascent on the forget people's AM-Softmax loss, descent on the
// retain people's, in one step. (The reference runs an epoch of ascent, then an epoch of descent.)
export const negGrad: VisionMethod<NegGradConfig> = {
  name: 'neggrad',
  label: 'NegGrad',
  aliases: ['grad_diff'],
  description: 'Gradient ascent on the forget people and descent on the retain people.',
  procedure: 'unlearn',
  configSchema,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => neg(amLoss(context, context.forget))],
    [config.retainWeight, () => amLoss(context, context.retain)],
  ]),
};
