import { z } from 'zod';
import { neg, scale } from '../../engine/index.js';
import type { MethodAlias, UnlearnContext, UnlearnMethod } from '../method.js';
import { answerNll, distributionRows, klToOriginal, meanEntropy, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  forgetTerm: z.enum(['ce', 'entropy', 'kl']).default('ce'),
  retainTerm: z.enum(['ce', 'kl']).default('ce'),
  forgetWeight: z.number().nonnegative().default(1), // the reference's loss_beta
  retainWeight: z.number().nonnegative().default(1),
});
type GdConfig = z.infer<typeof configSchema>;

// The reference's six names, grad_diff_forget_{ce|entropy|kl}_retain_{ce|kl} (it lower-cases them).
const pairAliases: MethodAlias[] = (['ce', 'entropy', 'kl'] as const).flatMap((forgetTerm) =>
  (['ce', 'kl'] as const).map((retainTerm) => ({ name: `grad_diff_forget_${forgetTerm}_retain_${retainTerm}`, config: { forgetTerm, retainTerm } })));

// The forget term that -forgetWeight multiplies: maximising CE, entropy or KL to the original.
function forgetTerm(context: UnlearnContext, config: GdConfig) {
  const batch = context.forget;
  if (config.forgetTerm === 'ce') return answerNll(context, batch);
  if (config.forgetTerm === 'kl') return klToOriginal(context, batch, 'original-current', distributionRows(context));
  if (context.compat === 'reference') {
    // SPEC defect 7: the reference's forget term is sum(p log p) = -entropy, summed over every position of
    // the batch, so -beta * term MINIMISES the entropy on the forget set (more confident, not less).
    const positions = context.forget.input.batch * context.forget.input.length;
    return neg(scale(meanEntropy(context, batch, 'all'), positions));
  }
  // Maximising the mean entropy of the answer distributions: the model stops being sure of the answers.
  return meanEntropy(context, batch);
}

// Gradient difference: -forget_term + retain_term.
export const gd: UnlearnMethod<GdConfig> = {
  name: 'gd',
  label: 'GD',
  aliases: [{ name: 'grad_diff', config: {} }, ...pairAliases],
  description: 'Gradient difference: pushes the forget set away (by CE, entropy or KL to the original) while fitting the retain set (by CE or KL).',
  configSchema,
  needsOriginal: (config) => config.forgetTerm === 'kl' || config.retainTerm === 'kl',
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => neg(forgetTerm(context, config))],
    [config.retainWeight, () => config.retainTerm === 'ce'
      ? answerNll(context, context.retain)
      : klToOriginal(context, context.retain, 'original-current', distributionRows(context))],
  ]),
};
