import { z } from 'zod';
import { mean, neg } from '../../engine/index.js';
import { dpoLoss } from '../losses/index.js';
import type { UnlearnMethod } from '../method.js';
import { answerNll, originalLogProbs, policyLogProbs, refusalBatch, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  beta: z.number().positive().default(0.1),
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(0), // the reference's DPO has no retain term
});

// DPO with the refusal as the preferred answer and the true forget answer as the rejected one; the
// reference model is the original (the target), log-probabilities are whole-answer sums.
export const dpo: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'dpo',
  label: 'DPO',
  aliases: [],
  description: 'Preference optimisation that makes the model prefer a refusal over the true answer on the forget questions, relative to the original model.',
  configSchema,
  needsOriginal: () => true,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => {
      if (context.compat === 'reference') {
        // SPEC defect 2: the reference computes the DPO loss and then overwrites it with the summed NLL of the
        // "idk" input, -mean(log pi(idk)); with defect 1 that input holds the true forget answers.
        return neg(mean(policyLogProbs(context, refusalBatch(context))));
      }
      const preferred = context.forgetRefusal;
      const rejected = context.forget;
      return dpoLoss(policyLogProbs(context, preferred), originalLogProbs(context, preferred),
        policyLogProbs(context, rejected), originalLogProbs(context, rejected), config.beta);
    }],
    [config.retainWeight, () => answerNll(context, context.retain)],
  ]),
};
