// The one door between autograd and memory. Every kernel the engine runs is a method here, so a new
// backend (CUDA: cuBLAS plus our own kernels) is one more object that `satisfies Backend`, and models,
// methods and the autograd never change. All buffers are dense, row-major and float32 unless named `ids`.
// Methods whose name ends in `Backward` ACCUMULATE into their gradient outputs (`+=`), as llm.c does,
// so that a tensor used twice gets the sum of both gradients without a temporary.

export type Buffer = Float32Array;
export type IdBuffer = Int32Array;

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';
export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'tanh' | 'sigmoid' | 'gelu' | 'relu' | 'abs' | 'square'
  | 'pow' // x ** scalar
  | 'scale' // x * scalar
  | 'addScalar'; // x + scalar
export type ReduceOp = 'sum' | 'max';

export interface GemmParams {
  // For b in [0, batch): C_b = alpha * op(A_b) @ op(B_b) + beta * C_b, with op(A_b): (m, k), op(B_b): (k, n).
  // A_b starts at offsetA + b * strideA (a stride of 0 shares one matrix across the batch, e.g. weights).
  // Without transpose A_b is stored (m, k) with leading dimension k; with transA it is stored (k, m).
  a: Buffer; b: Buffer; c: Buffer;
  batch: number; m: number; n: number; k: number;
  transA: boolean; transB: boolean;
  strideA: number; strideB: number; strideC: number;
  offsetA: number; offsetB: number; offsetC: number;
  alpha: number; beta: number;
}

export interface AttentionParams {
  // q: (batch, queryLength, heads, headDim); k, v: (batch, keyLength, heads, headDim); out like q: the layout
  // that q, k and v projections write, so no transpose is needed around attention.
  // Query i sits at absolute position keyLength - queryLength + i (so a KV-cached step of one query sees
  // every cached key). causal: a query never sees a later key. keyMask: (batch, keyLength), 1 = real token,
  // 0 = padding that no query may see. logSumExp: (batch, heads, queryLength), written by forward, read by backward.
  batch: number; heads: number; queryLength: number; keyLength: number; headDim: number;
  causal: boolean; scale: number; keyMask: IdBuffer | null;
}

export interface Backend {
  readonly name: string;

  gemm(params: GemmParams): void;

  // out = a (op) b with numpy broadcasting. All three shapes have the same rank (the caller pads with 1s).
  binary(op: BinaryOp, a: Buffer, aShape: readonly number[], b: Buffer, bShape: readonly number[], out: Buffer, outShape: readonly number[]): void;
  // gradIn += reduction of gradOut (shape outShape) down to inShape (same rank), i.e. the sum over broadcast axes.
  // For mul/div the caller first forms the elementwise product it needs with `binary`.
  sumToShape(gradOut: Buffer, outShape: readonly number[], gradIn: Buffer, inShape: readonly number[]): void;

  unary(op: UnaryOp, x: Buffer, out: Buffer, scalar: number): void;
  // gradX += f'(x) * gradY; y = f(x) is passed because some derivatives are cheaper from it (exp, tanh, sigmoid).
  unaryBackward(op: UnaryOp, x: Buffer, y: Buffer, gradY: Buffer, gradX: Buffer, scalar: number): void;

  // x viewed as (outer, size, inner); out is (outer, inner). For max, argmax (outer, inner) is written too.
  reduce(op: ReduceOp, x: Buffer, outer: number, size: number, inner: number, out: Buffer, argmax: IdBuffer | null): void;
  // gradX (outer, size, inner) += gradOut broadcast over size (sum) or routed to argmax (max).
  reduceBackward(op: ReduceOp, gradOut: Buffer, outer: number, size: number, inner: number, gradX: Buffer, argmax: IdBuffer | null): void;

  // Along the last axis of (rows, cols).
  softmax(x: Buffer, rows: number, cols: number, out: Buffer): void;
  softmaxBackward(y: Buffer, gradY: Buffer, rows: number, cols: number, gradX: Buffer): void;
  logSoftmax(x: Buffer, rows: number, cols: number, out: Buffer): void;
  logSoftmaxBackward(y: Buffer, gradY: Buffer, rows: number, cols: number, gradX: Buffer): void;

  // mean and rstd (rows) are written by forward for backward. bias may be null.
  layerNorm(x: Buffer, weight: Buffer, bias: Buffer | null, rows: number, cols: number, eps: number, out: Buffer, mean: Buffer, rstd: Buffer): void;
  layerNormBackward(x: Buffer, weight: Buffer, mean: Buffer, rstd: Buffer, gradOut: Buffer, rows: number, cols: number,
    gradX: Buffer, gradWeight: Buffer | null, gradBias: Buffer | null): void;
  rmsNorm(x: Buffer, weight: Buffer, rows: number, cols: number, eps: number, out: Buffer, rstd: Buffer): void;
  rmsNormBackward(x: Buffer, weight: Buffer, rstd: Buffer, gradOut: Buffer, rows: number, cols: number,
    gradX: Buffer, gradWeight: Buffer | null): void;

  // out (count, dim) = table[ids]; backward scatter-adds rows into gradTable.
  embedding(table: Buffer, ids: IdBuffer, dim: number, out: Buffer): void;
  embeddingBackward(gradOut: Buffer, ids: IdBuffer, dim: number, gradTable: Buffer): void;

  // Fused log-softmax + negative log-likelihood over (rows, vocab). losses (rows) = -log p(target); rows whose
  // target equals ignoreIndex get loss 0. logSumExp (rows) is kept for backward.
  crossEntropy(logits: Buffer, targets: IdBuffer, rows: number, vocab: number, ignoreIndex: number, losses: Buffer, logSumExp: Buffer): void;
  // gradLogits += (softmax(logits) - onehot(target)) * gradLosses[row], skipping ignored rows.
  crossEntropyBackward(logits: Buffer, targets: IdBuffer, logSumExp: Buffer, gradLosses: Buffer, rows: number, vocab: number,
    ignoreIndex: number, gradLogits: Buffer): void;

  attention(params: AttentionParams, q: Buffer, k: Buffer, v: Buffer, out: Buffer, logSumExp: Buffer): void;
  attentionBackward(params: AttentionParams, q: Buffer, k: Buffer, v: Buffer, out: Buffer, logSumExp: Buffer, gradOut: Buffer,
    gradQ: Buffer, gradK: Buffer, gradV: Buffer): void;

  // out = x with its axes permuted: out.shape[i] = shape[perm[i]].
  permute(x: Buffer, shape: readonly number[], perm: readonly number[], out: Buffer): void;
  // x viewed as (outer, size, inner): out (outer, length, inner) = x[:, start:start+length, :]. Backward accumulates.
  slice(x: Buffer, outer: number, size: number, inner: number, start: number, length: number, out: Buffer): void;
  sliceBackward(gradOut: Buffer, outer: number, size: number, inner: number, start: number, length: number, gradX: Buffer): void;

  // Images (batch, channels, height, width) to patches (batch, (height/p)*(width/p), channels*p*p), row-major over
  // patches and, inside a patch, (channel, row, column): the layout of a stride-p convolution's weight.
  patchify(images: Buffer, batch: number, channels: number, height: number, width: number, patch: number, out: Buffer): void;
  patchifyBackward(gradOut: Buffer, batch: number, channels: number, height: number, width: number, patch: number, gradImages: Buffer): void;

  // Inverted dropout: mask[i] = 0 or 1/(1-p), from a counter-based RNG keyed by seed, so results do not depend
  // on thread count. out = x * mask.
  dropout(x: Buffer, p: number, seed: number, out: Buffer, mask: Buffer): void;

  // Decoupled weight decay (Loshchilov & Hutter): param -= lr * (mHat / (sqrt(vHat) + eps) + weightDecay * param).
  adamw(param: Buffer, grad: Buffer, m: Buffer, v: Buffer, step: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number): void;
  // PyTorch's SGD: buf = momentum * buf + (grad + weightDecay * param) (buf = that on the first step); param -= lr * buf.
  sgd(param: Buffer, grad: Buffer, momentumBuffer: Buffer, firstStep: boolean, lr: number, momentum: number, weightDecay: number): void;

  // dst += alpha * src (gradient accumulation).
  axpy(alpha: number, src: Buffer, dst: Buffer): void;
  // Sum of squares (for the global gradient norm), in float64.
  sumOfSquares(x: Buffer): number;
}
