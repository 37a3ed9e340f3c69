// The reference backend: plain TypeScript loops that compute in float64 and round once on store, written
// to be obviously correct rather than fast. Every faster backend is tested against it.
import type { Backend } from '../backend.js';
import { attention, attentionBackward } from './js/attention.js';
import { binary, sumToShape } from './js/broadcast.js';
import { crossEntropy, crossEntropyBackward } from './js/cross-entropy.js';
import { dropout } from './js/dropout.js';
import { embedding, embeddingBackward } from './js/embedding.js';
import { gemm } from './js/gemm.js';
import { patchify, patchifyBackward, permute, slice, sliceBackward } from './js/layout.js';
import { layerNorm, layerNormBackward, rmsNorm, rmsNormBackward } from './js/norm.js';
import { adamw, axpy, sgd, sumOfSquares } from './js/optim.js';
import { reduce, reduceBackward } from './js/reduce.js';
import { logSoftmax, logSoftmaxBackward, softmax, softmaxBackward } from './js/softmax.js';
import { unary, unaryBackward } from './js/unary.js';

export const jsBackend = {
  name: 'js',
  gemm,
  binary,
  sumToShape,
  unary,
  unaryBackward,
  reduce,
  reduceBackward,
  softmax,
  softmaxBackward,
  logSoftmax,
  logSoftmaxBackward,
  layerNorm,
  layerNormBackward,
  rmsNorm,
  rmsNormBackward,
  embedding,
  embeddingBackward,
  crossEntropy,
  crossEntropyBackward,
  attention,
  attentionBackward,
  permute,
  slice,
  sliceBackward,
  patchify,
  patchifyBackward,
  dropout,
  adamw,
  sgd,
  axpy,
  sumOfSquares,
} as const satisfies Backend;
