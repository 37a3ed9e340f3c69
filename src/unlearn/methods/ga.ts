import { z } from 'zod';
import { neg } from '../../engine/index.js';
import type { UnlearnMethod } from '../method.js';
import { answerNll } from '../terms.js';

const configSchema = z.strictObject({});

// Gradient ascent: -CE on the forget answers, nothing to hold the rest in place.
export const ga: UnlearnMethod<z.infer<typeof configSchema>> = {
  name: 'ga',
  label: 'GA',
  aliases: [{ name: 'grad_ascent', config: {} }],
  description: 'Gradient ascent: raises the loss of the forget answers, with nothing protecting the rest.',
  configSchema,
  needsOriginal: () => false,
  loss: (context) => neg(answerNll(context, context.forget)),
};
