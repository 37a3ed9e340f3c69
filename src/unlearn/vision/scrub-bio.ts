import { z } from 'zod';
import { Tensor, addScalar, mean, mul, neg, relu, sum } from '../../engine/index.js';
import { normalizeRows } from '../../model/face-classifier.js';
import { weightedSum } from '../terms.js';
import type { FaceBatch } from './face-set.js';
import type { VisionMethod, VisionUnlearnContext } from './method.js';

const configSchema = z.strictObject({
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
  // Forget embeddings are pushed until their cosine to the original's is at most this (PyTorch's
  // CosineEmbeddingLoss margin; the reference keeps its default 0: orthogonal to what they were).
  margin: z.number().min(-1).max(1).default(0),
});
type ScrubBioConfig = z.infer<typeof configSchema>;

// cos(current embedding, original embedding) per row, (count,).
function cosineToOriginal(context: VisionUnlearnContext, batch: FaceBatch): Tensor {
  const current = normalizeRows(context.forward(batch).embeddings);
  const frozen = normalizeRows(context.originalForward(batch).embeddings);
  return sum(mul(current, frozen), { axis: -1 });
}

// SCRUB's biometric variant, the reference's `scrub.py` (SCRUB_bio in the paper): a face recogniser is used
// through its embeddings, so the teacher-student terms act on them instead of on class distributions,
// through a cosine embedding loss: retain embeddings stay where the original puts them (1 - cos), forget
// embeddings turn away from them (max(0, cos - margin)). The head is not involved.
export const scrubBio: VisionMethod<ScrubBioConfig> = {
  name: 'scrub_bio',
  label: 'SCRUB bio',
  aliases: [],
  description: 'Teacher-student unlearning on face embeddings: forget embeddings turn away from the original\'s, retain ones stay.',
  procedure: 'unlearn',
  configSchema,
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => mean(relu(addScalar(cosineToOriginal(context, context.forget), -config.margin)))],
    [config.retainWeight, () => addScalar(neg(mean(cosineToOriginal(context, context.retain))), 1)],
  ]),
};
