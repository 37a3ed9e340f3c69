import { z } from 'zod';
import { Tensor, mean, noGrad, softmax } from '../../engine/index.js';
import type { TrainBatch } from '../../train/samples.js';
import { softCrossEntropyPerRow } from '../losses/index.js';
import type { UnlearnMethod } from '../method.js';
import { answerNll, weightedSum } from '../terms.js';

// Defaults of the UNDIAL configuration in open-unlearning (strength 10, no retain term).
const configSchema = z.strictObject({
  strength: z.number().nonnegative().default(10),
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(0),
});

// softmax(original logits with the true token's logit lowered by `strength`), (rows, vocab), constant.
export function undialTargets(originalLogits: Tensor, batch: TrainBatch, strength: number): Tensor {
  const vocab = originalLogits.dim(-1);
  const adjusted = Float32Array.from(originalLogits.data);
  batch.answerTargets.forEach((target, row) => (adjusted[row * vocab + target]! -= strength));
  return noGrad(() => softmax(new Tensor(originalLogits.shape, adjusted)));
}

// UNDIAL (Dong et al. 2024): self-distillation towards the original's own distribution with the answer
// token pushed down, a bounded target instead of unbounded ascent.
export const undial: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'undial',
  label: 'UNDIAL',
  aliases: [],
  description: 'Self-distillation: trains the model towards the original model\'s predictions with the true answer token made less likely.',
  configSchema,
  needsOriginal: () => true,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => {
      const targets = undialTargets(context.originalLogits(context.forget), context.forget, config.strength);
      return mean(softCrossEntropyPerRow(targets, context.logits(context.forget)));
    }],
    [config.retainWeight, () => answerNll(context, context.retain)],
  ]),
};
