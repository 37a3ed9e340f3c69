import type { AttentionParams } from '../backend.js';
import { Tensor, ShapeError, formatShape, gradBuffer } from '../tensor.js';
import { emptyLike, expectFloat, record, releaseScratch, scratch } from './record.js';

export interface AttentionOptions {
  causal: boolean;
  // (batch, keyLength), 1 = real token, 0 = padding no query may attend to.
  keyMask?: Int32Array | null;
}

// Scaled dot-product attention, fused: q (batch, queryLength, heads, headDim), k and v (batch, keyLength,
// heads, headDim), out like q. This is the layout a (batch, length, dim) projection has once reshaped, so
// the heads need no transpose before or after. With a KV cache, queryLength < keyLength and the queries are
// the last positions.
export function attention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions): Tensor {
  expectFloat('attention', q, k, v);
  if (q.rank !== 4 || k.rank !== 4 || v.rank !== 4) {
    throw new ShapeError(`attention: q, k, v must be (batch, length, heads, headDim), got ${formatShape(q.shape)}, ${formatShape(k.shape)}, ${formatShape(v.shape)}`);
  }
  const [batch, queryLength, heads, headDim] = q.shape as [number, number, number, number];
  const keyLength = k.dim(1);
  const sameKv = k.shape.every((dimension, axis) => dimension === v.shape[axis]);
  if (k.dim(0) !== batch || k.dim(2) !== heads || k.dim(3) !== headDim || !sameKv || keyLength < queryLength) {
    throw new ShapeError(`attention: q ${formatShape(q.shape)} does not fit k ${formatShape(k.shape)} and v ${formatShape(v.shape)}`);
  }
  const keyMask = options.keyMask ?? null;
  if (keyMask && keyMask.length !== batch * keyLength) {
    throw new ShapeError(`attention: key mask of ${keyMask.length} entries does not fit batch ${batch} x keys ${keyLength}`);
  }
  const params: AttentionParams = { batch, heads, queryLength, keyLength, headDim, causal: options.causal, scale: 1 / Math.sqrt(headDim), keyMask };
  const output = emptyLike(q.shape, q);
  const logSumExp = new Float32Array(batch * heads * queryLength);
  q.backend.attention(params, q.data, k.data, v.data, output.data, logSumExp);
  return record(output, 'attention', [q, k, v], (gradOutput) => {
    const gradQ = q.requiresGrad ? gradBuffer(q) : scratch(q.size, true);
    const gradK = k.requiresGrad ? gradBuffer(k) : scratch(k.size, true);
    const gradV = v.requiresGrad ? gradBuffer(v) : scratch(v.size, true);
    q.backend.attentionBackward(params, q.data, k.data, v.data, output.data, logSumExp, gradOutput, gradQ, gradK, gradV);
    if (!q.requiresGrad) releaseScratch(gradQ);
    if (!k.requiresGrad) releaseScratch(gradK);
    if (!v.requiresGrad) releaseScratch(gradV);
  });
}
