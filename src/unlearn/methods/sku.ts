import { z } from 'zod';
import { add, neg, scale } from '../../engine/index.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import type { UnlearnContext, UnlearnMethod } from '../method.js';
import { answerNll, klToOriginal, weightedSum } from '../terms.js';

// The reference's weights: bad 2.5, random 1.0, normal 0.5; K = 3 mismatched answers per forget row.
const configSchema = z.strictObject({
  badWeight: z.number().nonnegative().default(2.5),
  randomWeight: z.number().nonnegative().default(1),
  normalWeight: z.number().nonnegative().default(0.5),
  randomCount: z.number().int().positive().default(3),
  // 'negation': the SKU paper. Stage 1 learns the forget knowledge (+CE forget, +CE mismatched answers,
  // -KL(original || current) on retain, so the learned change concerns the forget set only), stage 2
  // subtracts it: theta = theta_0 - (theta_1 - theta_0).
  // 'direct': one stage with all three signs turned (-CE, -CE, +KL), the negation folded into the gradient.
  form: z.enum(['negation', 'direct']).default('negation'),
});
type SkuConfig = z.infer<typeof configSchema>;

function randomTerm(context: UnlearnContext, config: SkuConfig) {
  let total = answerNll(context, context.randomAnswers('forget', 0));
  for (let draw = 1; draw < config.randomCount; draw++) total = add(total, answerNll(context, context.randomAnswers('forget', draw)));
  // The reference sums the K losses; SKU's code averages them (one batch of all K answers).
  return context.compat === 'reference' ? total : scale(total, 1 / config.randomCount);
}

// Stage-1 terms with their SKU-paper signs.
function stageOne(context: UnlearnContext, config: SkuConfig, sign: 1 | -1) {
  return weightedSum([
    [config.badWeight * sign, () => answerNll(context, context.forget)],
    [config.randomWeight * sign, () => randomTerm(context, config)],
    [config.normalWeight * sign, () => neg(klToOriginal(context, context.retain, 'original-current', context.compat === 'reference' ? 'all' : 'answers'))],
  ]);
}

// theta <- 2 theta_0 - theta: the negated task vector applied to the original.
export function negateTaskVector(model: VisionLanguageModel, original: VisionLanguageModel): void {
  const originals = new Map(original.namedParameters());
  for (const [name, parameter] of model.namedParameters()) {
    const before = originals.get(name);
    if (!before) throw new Error(`sku: the original has no parameter '${name}'`);
    for (let index = 0; index < parameter.size; index++) parameter.data[index] = 2 * before.data[index]! - parameter.data[index]!;
  }
}

export const sku: UnlearnMethod<SkuConfig> = {
  name: 'sku',
  label: 'SKU',
  aliases: [],
  description: 'Selective knowledge unlearning: learns what is specific to the forget set, then subtracts that change from the original model.',
  configSchema,
  needsOriginal: () => true,
  // SPEC defect 8: under --compat reference the stage-1 model is returned as it is, so training on the forget
  // set with +CE and pushing retain away from the original (-KL) is the result: both signs flipped against
  // the unlearned model the paper returns.
  loss: (context, config) => stageOne(context, config, config.form === 'direct' && context.compat !== 'reference' ? -1 : 1),
  finalize: (model, original, config, compat) => {
    if (compat === 'reference' || config.form === 'direct') return;
    if (!original) throw new Error('sku: the negation needs the original model');
    negateTaskVector(model, original);
  },
};
