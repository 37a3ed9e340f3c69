import { Module, Rng, Tensor, add, attention, concat, gelu, noGrad, recycleActivations } from '../engine/index.js';
import { LayerNorm, Linear, RmsNorm } from './layers.js';

// Keys and values of earlier positions, per layer: (batch, cachedLength, heads, headDim).
export interface LayerCache {
  keys: Tensor | null;
  values: Tensor | null;
}

export interface BlockInput {
  x: Tensor; // (batch, length, dim)
  keyMask: Int32Array | null; // (batch, keyLength) including cached positions
  cache: LayerCache | null;
  dropoutSeed: number | null; // LoRA dropout while training
}

export class SelfAttention extends Module {
  query: Linear; key: Linear; value: Linear; output: Linear;
  constructor(readonly dim: number, readonly heads: number, rng: Rng) {
    super();
    this.query = new Linear(dim, dim, rng);
    this.key = new Linear(dim, dim, rng);
    this.value = new Linear(dim, dim, rng);
    this.output = new Linear(dim, dim, rng, { std: 0.5 / Math.sqrt(dim) });
  }

  forward(input: BlockInput, causal: boolean): Tensor {
    const [batch, length] = input.x.shape as [number, number, number];
    const headDim = this.dim / this.heads;
    // (batch, length, dim) -> (batch, length, heads, headDim): attention reads the heads in place, no transpose.
    const split = (t: Tensor) => t.reshape([batch, length, this.heads, headDim]);
    const seed = (offset: number) => (input.dropoutSeed === null ? null : input.dropoutSeed + offset);
    const q = split(this.query.forward(input.x, seed(1)));
    let k = split(this.key.forward(input.x, seed(2)));
    let v = split(this.value.forward(input.x, seed(3)));
    if (input.cache) {
      const cache = input.cache;
      // The cache is only used for generation, where nothing needs a gradient.
      noGrad(() => {
        if (cache.keys && cache.values) {
          k = concat([cache.keys, k], 1);
          v = concat([cache.values, v], 1);
        }
        cache.keys = k;
        cache.values = v;
      });
    }
    const attended = attention(q, k, v, { causal, keyMask: input.keyMask });
    return this.output.forward(attended.reshape([batch, length, this.dim]), seed(4));
  }
}

export class Mlp extends Module {
  up: Linear; down: Linear;
  constructor(dim: number, hidden: number, rng: Rng) {
    super();
    this.up = new Linear(dim, hidden, rng);
    this.down = new Linear(hidden, dim, rng, { std: 0.5 / Math.sqrt(hidden) });
  }
  forward(x: Tensor, dropoutSeed: number | null): Tensor {
    return this.down.forward(gelu(this.up.forward(x, dropoutSeed === null ? null : dropoutSeed + 5)), dropoutSeed === null ? null : dropoutSeed + 6);
  }
}

// Pre-norm transformer block. The decoder uses RMS norm and causal attention (LLaMA's choices), the vision
// encoder layer norm and bidirectional attention (ViT's).
export class TransformerBlock extends Module {
  attentionNorm: RmsNorm | LayerNorm;
  attention: SelfAttention;
  mlpNorm: RmsNorm | LayerNorm;
  mlp: Mlp;
  constructor(dim: number, heads: number, mlpDim: number, readonly kind: 'decoder' | 'vision', rng: Rng) {
    super();
    this.attentionNorm = kind === 'decoder' ? new RmsNorm(dim) : new LayerNorm(dim);
    this.attention = new SelfAttention(dim, heads, rng);
    this.mlpNorm = kind === 'decoder' ? new RmsNorm(dim) : new LayerNorm(dim);
    this.mlp = new Mlp(dim, mlpDim, rng);
  }
  forward(input: BlockInput): Tensor {
    const run = () => {
      const h = add(input.x, this.attention.forward({ ...input, x: this.attentionNorm.forward(input.x) }, this.kind === 'decoder'));
      return add(h, this.mlp.forward(this.mlpNorm.forward(h), input.dropoutSeed));
    };
    // Nothing made inside a block outlives it, except its output and a KV cache's keys and values:
    // backward may then recycle the block's activations (most of a training step's memory).
    return input.cache ? run() : recycleActivations(run);
  }
}
