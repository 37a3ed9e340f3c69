import { z } from 'zod';
import { Rng, neg } from '../../engine/index.js';
import { weightedSum } from '../terms.js';
import type { VisionMethod } from './method.js';
import { amLoss, klToOriginal } from './terms.js';

const configSchema = z.strictObject({
  forgetWeight: z.number().nonnegative().default(0.02), // the reference's weights
  randomWeight: z.number().nonnegative().default(0.01),
  retainWeight: z.number().nonnegative().default(1),
});
type LlmuConfig = z.infer<typeof configSchema>;

// LLMU (Yao et al. 2023) for a classifier: gradient ascent on the forget faces, descent towards random
// retain people's labels on the same faces (the "random answer" term), and KL(original || current) on retain
// faces.
export const llmu: VisionMethod<LlmuConfig> = {
  name: 'llmu',
  label: 'LLMU',
  aliases: [],
  description: 'Gradient ascent on forget faces, random retain labels on them, and a KL anchor to the original on retain faces.',
  procedure: 'unlearn',
  configSchema,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => neg(amLoss(context, context.forget))],
    [config.randomWeight, () => {
      const rng = new Rng((context.seed ^ 0x11a7e5) >>> 0);
      const labels = Int32Array.from(context.forget.labels, () => rng.pick(context.retainClasses));
      return amLoss(context, context.forget, labels);
    }],
    [config.retainWeight, () => klToOriginal(context, context.retain)],
  ]),
};
