import { z } from 'zod';
import { npoLoss, wholeVocabularyNpoLoss } from '../losses/index.js';
import type { UnlearnMethod } from '../method.js';
import { answerNll, originalLogProbs, policyLogProbs, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  beta: z.number().positive().default(0.1),
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(0), // 0: NPO alone; npo_rt sets 1
});

// NPO on whole-answer likelihoods: (2/beta) mean log(1 + (pi(y|x) / pi_ref(y|x))^beta), ref = the original.
export const npo: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'npo',
  label: 'NPO',
  aliases: [{ name: 'npo_rt', config: { retainWeight: 1 } }],
  description: 'Negative preference optimisation: lowers the likelihood of the forget answers relative to the original model, with a bounded, slowing push.',
  configSchema,
  referenceConfig: { beta: 1 }, // the reference passes its loss_beta, 1.0
  needsOriginal: () => true,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => {
      if (context.compat === 'reference') {
        // SPEC defect 3: the ratio of every vocabulary entry's probability at every position, no answer mask.
        return wholeVocabularyNpoLoss(context.logits(context.forget, 'all'), context.originalLogits(context.forget, 'all'), config.beta);
      }
      return npoLoss(policyLogProbs(context, context.forget), originalLogProbs(context, context.forget), config.beta);
    }],
    [config.retainWeight, () => answerNll(context, context.retain)],
  ]),
};
