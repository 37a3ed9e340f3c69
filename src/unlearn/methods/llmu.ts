import { z } from 'zod';
import { add, neg, scale } from '../../engine/index.js';
import type { UnlearnContext, UnlearnMethod } from '../method.js';
import { answerNll, klToOriginal, refusalBatch, weightedSum } from '../terms.js';

// Weights of the LLMU paper (Yao et al. 2023): 0.5 on the ascent, 1 on random answers, 1 on the KL.
const configSchema = z.strictObject({
  forgetWeight: z.number().nonnegative().default(0.5),
  randomWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
  // Where the mismatched answers come from: normal (retain) data as the paper, other forget rows, or refusals.
  randomSource: z.enum(['retain', 'forget', 'refusal']).default('retain'),
  randomCount: z.number().int().positive().default(1),
});
type LlmuConfig = z.infer<typeof configSchema>;

function randomTerm(context: UnlearnContext, config: LlmuConfig) {
  if (context.compat === 'reference' || config.randomSource === 'refusal') return answerNll(context, refusalBatch(context));
  let total = answerNll(context, context.randomAnswers(config.randomSource, 0));
  for (let draw = 1; draw < config.randomCount; draw++) total = add(total, answerNll(context, context.randomAnswers(config.randomSource, draw)));
  return scale(total, 1 / config.randomCount);
}

// -CE forget + CE of mismatched answers on the forget questions + KL(original || current) on retain.
export const llmu: UnlearnMethod<LlmuConfig> = {
  name: 'llmu',
  label: 'LLMU',
  aliases: [],
  description: 'Gradient ascent on the forget answers, plus training on mismatched answers to the same questions, while staying close to the original on retain data.',
  configSchema,
  referenceConfig: { forgetWeight: 1, randomWeight: 1, retainWeight: 1 }, // the reference adds its three terms unweighted
  needsOriginal: () => true,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => neg(answerNll(context, context.forget))],
    // Under --compat reference this is CE on the refusal input, which holds the TRUE forget answers (SPEC defect
    // 1), so it roughly cancels the ascent term.
    [config.randomWeight, () => randomTerm(context, config)],
    [config.retainWeight, () => context.compat === 'reference'
      // SPEC defect 7: the reference's LLMU takes KL(current || original) over every position.
      ? klToOriginal(context, context.retain, 'current-original', 'all')
      : klToOriginal(context, context.retain)],
  ]),
};
