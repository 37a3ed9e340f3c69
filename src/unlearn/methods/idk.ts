import { z } from 'zod';
import type { UnlearnMethod } from '../method.js';
import { answerNll, refusalBatch, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
});

// CE of a refusal answer on the forget questions + CE on retain. Under --compat reference refusalBatch
// returns the true forget answers (SPEC defect 1), which makes this plain fine-tuning on the forget set.
export const idk: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'idk',
  label: 'IDK',
  aliases: [],
  description: 'Teaches the model to answer the forget questions with an "I don\'t know"-style refusal while fitting the retain set.',
  configSchema,
  needsOriginal: () => false,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => answerNll(context, refusalBatch(context))],
    [config.retainWeight, () => answerNll(context, context.retain)],
  ]),
};
