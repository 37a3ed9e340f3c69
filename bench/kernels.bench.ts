// Throughput of the native non-GEMM kernels at the model's sizes (1024 tokens, width 256, 4 heads of 64,
// MLP width 1024, vocabulary 8192), forward and backward. One JSON line per kernel on stdout.
// Usage: node --import tsx bench/kernels.bench.ts
import type { AttentionParams } from '../src/engine/backend.js';
import { nativeBackend, threads } from '../src/engine/backends/native.js';

const tokens = 1024;
const width = 256;
const hidden = 1024;
const vocab = 8192;
const sequences = 4;

function filled(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, index) => Math.sin(index * 0.37 + seed) * 0.8);
}

function time(run: () => void, minimumMs = 400): { iterations: number; medianMs: number } {
  for (let warmup = 0; warmup < 2; warmup++) run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || (performance.now() - start < minimumMs && times.length < 500)) {
    const before = performance.now();
    run();
    times.push(performance.now() - before);
  }
  times.sort((left, right) => left - right);
  return { iterations: times.length, medianMs: times[Math.floor(times.length / 2)]! };
}

function report(name: string, shape: number[], run: () => void): void {
  const { iterations, medianMs } = time(run);
  console.log(JSON.stringify({ name, backend: 'native', shape, threads: threads(), iterations, medianMs: Number(medianMs.toFixed(4)) }));
}

const x = filled(tokens * width, 1);
const gradOut = filled(tokens * width, 2);
const weight = filled(width, 3);
const bias = filled(width, 4);
const out = new Float32Array(tokens * width);
const gradX = new Float32Array(tokens * width);
const mean = new Float32Array(tokens);
const rstd = new Float32Array(tokens);
report('layerNorm', [tokens, width], () => nativeBackend.layerNorm(x, weight, bias, tokens, width, 1e-5, out, mean, rstd));
report('layerNormBackward', [tokens, width], () => nativeBackend.layerNormBackward(x, weight, mean, rstd, gradOut, tokens,
  width, gradX, new Float32Array(width), new Float32Array(width)));

const activations = filled(tokens * hidden, 5);
const activated = new Float32Array(tokens * hidden);
const gradActivations = new Float32Array(tokens * hidden);
report('gelu', [tokens, hidden], () => nativeBackend.unary('gelu', activations, activated, 0));
report('geluBackward', [tokens, hidden], () => nativeBackend.unaryBackward('gelu', activations, activated, activations,
  gradActivations, 0));
report('add', [tokens, hidden], () => nativeBackend.binary('add', activations, [tokens, hidden], activations, [tokens, hidden],
  activated, [tokens, hidden]));
report('biasAdd', [tokens, hidden], () => nativeBackend.binary('add', activations, [tokens, hidden], activations, [1, hidden],
  activated, [tokens, hidden]));
report('sumToShape', [tokens, hidden], () => nativeBackend.sumToShape(activations, [tokens, hidden], new Float32Array(hidden),
  [1, hidden]));

const logits = filled(tokens * vocab, 6);
const targets = Int32Array.from({ length: tokens }, (_, index) => (index * 31) % vocab);
const losses = new Float32Array(tokens);
const logSumExp = new Float32Array(tokens);
const gradLogits = new Float32Array(tokens * vocab);
report('crossEntropy', [tokens, vocab], () => nativeBackend.crossEntropy(logits, targets, tokens, vocab, -100, losses, logSumExp));
report('crossEntropyBackward', [tokens, vocab], () => nativeBackend.crossEntropyBackward(logits, targets, logSumExp,
  new Float32Array(tokens).fill(1 / tokens), tokens, vocab, -100, gradLogits));
report('softmax', [tokens, vocab], () => nativeBackend.softmax(logits, tokens, vocab, gradLogits));

const heads = 4;
const headDim = 64;
const length = tokens / sequences;
const params: AttentionParams = { batch: sequences, heads, queryLength: length, keyLength: length, headDim, causal: true,
  scale: 1 / Math.sqrt(headDim), keyMask: null };
const q = filled(tokens * width, 7);
const k = filled(tokens * width, 8);
const v = filled(tokens * width, 9);
const attended = new Float32Array(tokens * width);
const attentionLse = new Float32Array(sequences * heads * length);
report('attention', [sequences, length, heads, headDim], () => nativeBackend.attention(params, q, k, v, attended, attentionLse));
report('attentionBackward', [sequences, length, heads, headDim], () => nativeBackend.attentionBackward(params, q, k, v, attended,
  attentionLse, gradOut, new Float32Array(q.length), new Float32Array(k.length), new Float32Array(v.length)));

const permuted = new Float32Array(tokens * width);
report('permute', [sequences, length, heads, headDim], () => nativeBackend.permute(q, [sequences, length, heads, headDim],
  [0, 2, 1, 3], permuted));
const parameters = filled(4_000_000, 10);
const grads = filled(4_000_000, 11);
const firstMoment = new Float32Array(4_000_000);
const secondMoment = new Float32Array(4_000_000);
report('adamw', [4_000_000], () => nativeBackend.adamw(parameters, grads, firstMoment, secondMoment, 1, 1e-4, 0.9, 0.999, 1e-8, 0.01));
