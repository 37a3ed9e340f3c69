import { z } from 'zod';
import { Tensor, slice } from '../../engine/index.js';
import { dpoLoss } from '../losses/index.js';
import type { FaceBatch } from './face-set.js';
import type { VisionMethod, VisionUnlearnContext } from './method.js';
import { currentLogits, originalLogits, trueClassLogProbs } from './terms.js';

const configSchema = z.strictObject({
  beta: z.number().positive().default(1), // the reference's `betta`
});
type DpoConfig = z.infer<typeof configSchema>;

function firstRows(values: Tensor, count: number): Tensor {
  return values.dim(0) === count ? values : slice(values, 0, 0, count);
}

function logProbs(context: VisionUnlearnContext, batch: FaceBatch, count: number): { policy: Tensor; reference: Tensor } {
  return {
    policy: firstRows(trueClassLogProbs(currentLogits(context, batch), batch.labels), count),
    reference: firstRows(trueClassLogProbs(originalLogits(context, batch), batch.labels), count),
  };
}

// DPO (Rafailov et al. 2023) for a classifier, as the reference's vision track frames it: the preferred
// outcome is a retain face named correctly, the rejected one a forget face named correctly, each paired
// row by row; the reference model is the original classifier. (The reference scales the loss by 1/beta
// as well; at its beta = 1 the two agree.)
export const dpo: VisionMethod<DpoConfig> = {
  name: 'dpo',
  label: 'DPO',
  aliases: [],
  description: 'Preference optimisation: naming a retain face is preferred over naming a forget face, relative to the original.',
  procedure: 'unlearn',
  configSchema,
  loss: (context, config) => {
    const pairs = Math.min(context.forget.labels.length, context.retain.labels.length);
    const win = logProbs(context, context.retain, pairs);
    const lose = logProbs(context, context.forget, pairs);
    return dpoLoss(win.policy, win.reference, lose.policy, lose.reference, config.beta);
  },
};
