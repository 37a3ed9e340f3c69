import { z } from 'zod';
import { answerLengths, simNpoLoss } from '../losses/index.js';
import type { UnlearnMethod } from '../method.js';
import { answerNll, policyLogProbs, weightedSum } from '../terms.js';

// Defaults of the SimNPO authors' TOFU configuration (beta 4.5, gamma 0, forget coefficient 0.125).
const configSchema = z.strictObject({
  beta: z.number().positive().default(4.5),
  gamma: z.number().default(0),
  forgetWeight: z.number().nonnegative().default(0.125),
  retainWeight: z.number().nonnegative().default(1),
});

// SimNPO: -(2/beta) log sigmoid(-(beta/|y|) log pi(y|x) - gamma) on forget + retainWeight * CE retain.
export const simnpo: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'simnpo',
  label: 'SimNPO',
  aliases: [],
  description: 'A reference-free NPO that uses the length-normalised likelihood of each forget answer, plus CE on the retain set.',
  configSchema,
  needsOriginal: () => false,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => simNpoLoss(policyLogProbs(context, context.forget), answerLengths(context.forget), config.beta, config.gamma)],
    [config.retainWeight, () => answerNll(context, context.retain)],
  ]),
};
