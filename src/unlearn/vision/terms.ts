import { Tensor, crossEntropyPerRow, neg, scale } from '../../engine/index.js';
import { amSoftmaxLoss } from '../../model/face-classifier.js';
import { meanKl } from '../losses/index.js';
import type { FaceBatch } from './face-set.js';
import type { VisionUnlearnContext } from './method.js';

// The terms vision methods combine, on the context's memoised passes.

// The AM-Softmax training loss of the current model (what the classifier was fine-tuned with), on the
// batch's own labels or on the labels given.
export function amLoss(context: VisionUnlearnContext, batch: FaceBatch, labels: Int32Array = batch.labels): Tensor {
  const { scale: scaleFactor, margin } = context.model.config;
  return amSoftmaxLoss(context.forward(batch).cosines, labels, scaleFactor, margin);
}

// Inference logits s * cos of the current model and of the original (constant).
export function currentLogits(context: VisionUnlearnContext, batch: FaceBatch): Tensor {
  return scale(context.forward(batch).cosines, context.model.config.scale);
}

export function originalLogits(context: VisionUnlearnContext, batch: FaceBatch): Tensor {
  return scale(context.originalForward(batch).cosines, context.original.config.scale);
}

// Mean KL(original || current) of the class distributions: the teacher-student divergence of SCRUB and
// LLMU. (The reference takes a softmax over the 512 embedding features, as its network ends in Flatten;
// ours is over the classes, the distribution the classifier outputs.)
export function klToOriginal(context: VisionUnlearnContext, batch: FaceBatch): Tensor {
  return meanKl(originalLogits(context, batch), currentLogits(context, batch), 'original-current');
}

// log p(label | image) per row, (count,).
export function trueClassLogProbs(logits: Tensor, labels: Int32Array): Tensor {
  return neg(crossEntropyPerRow(logits, new Tensor([labels.length], labels)));
}
