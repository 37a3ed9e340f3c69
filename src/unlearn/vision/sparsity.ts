import { z } from 'zod';
import { Tensor, abs, add, sub, sum } from '../../engine/index.js';
import { weightedSum } from '../terms.js';
import type { VisionMethod } from './method.js';
import { amLoss } from './terms.js';

const configSchema = z.strictObject({
  alpha: z.number().nonnegative().default(1e-4), // the reference's L1 coefficient
  // 'zero': lambda * ||theta||_1, the reference's `l1_regularization` (l1-sparse, Jia et al. 2023);
  // 'original': lambda * ||theta - theta_0||_1, the L1 on the weight change (SPEC section 5, L1).
  anchor: z.enum(['zero', 'original']).default('zero'),
});
type SparsityConfig = z.infer<typeof configSchema>;

export interface SparsityState {
  anchors: Tensor[] | null; // the original backbone's weights, one per encoder parameter, for 'original'
}

// Retain fine-tuning with an L1 penalty on the backbone's weights (the reference penalises the network,
// not the AM-Softmax head): sparse models forget more easily (Jia et al. 2023, "Model Sparsity Can
// Simplify Machine Unlearning").
export const sparsity: VisionMethod<SparsityConfig, SparsityState> = {
  name: 'sparsity',
  label: 'Sparsity',
  aliases: ['l1_sparse'],
  description: 'Fine-tunes on the retain people with an L1 penalty on the backbone weights.',
  procedure: 'unlearn',
  configSchema,
  prepare: (setup, config) => ({
    anchors: config.anchor === 'original' ? setup.original.encoder.parameters().map((parameter) => parameter.detach()) : null,
  }),
  loss: (context, config) => weightedSum([
    [1, () => amLoss(context, context.retain)],
    [config.alpha, () => {
      const parameters = context.model.encoder.parameters();
      const anchors = context.prepared.anchors;
      let total: Tensor | null = null;
      for (const [index, parameter] of parameters.entries()) {
        const anchor = anchors?.[index];
        const term = sum(abs(anchor ? sub(parameter, anchor) : parameter));
        total = total ? add(total, term) : term;
      }
      if (!total) throw new Error('sparsity: the backbone has no parameters');
      return total;
    }],
  ]),
};
