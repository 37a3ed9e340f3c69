import { z } from 'zod';
import { meanSquaredError } from '../../engine/index.js';
import { weightedSum } from '../terms.js';
import { mirrorBatch } from './face-set.js';
import type { VisionMethod } from './method.js';

const configSchema = z.strictObject({
  forgetWeight: z.number().nonnegative().default(1),
  // The reference has no retain term (it trains on forget faces only); a weight above 0 adds one that
  // holds retain embeddings at the original's.
  retainWeight: z.number().nonnegative().default(0),
});
type TwinsConfig = z.infer<typeof configSchema>;

// Twins, as the reference's `twins.py` defines it (we found no paper that pins the method down): each forget
// face's embedding is regressed (MSE) onto the original classifier's embedding of the same face mirrored
// left-right, its "twin". A classifier trained without flips does not map a mirrored face to the person,
// so the forget faces drift towards an embedding the original would not recognise, while the input stays
// a realistic face.
export const twins: VisionMethod<TwinsConfig> = {
  name: 'twins',
  label: 'Twins',
  aliases: [],
  description: 'Regresses each forget face\'s embedding onto the original\'s embedding of its mirror image.',
  procedure: 'unlearn',
  configSchema,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => meanSquaredError(context.forward(context.forget).embeddings, context.originalForward(mirrorBatch(context.forget)).embeddings)],
    [config.retainWeight, () => meanSquaredError(context.forward(context.retain).embeddings, context.originalForward(context.retain).embeddings)],
  ]),
};
