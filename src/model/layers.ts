import { Module, Parameter, Rng, Tensor, add, dropout, embedding, layerNorm, linear, matmul, rmsNorm, scale } from '../engine/index.js';

function randomParameter(shape: number[], rng: Rng, std: number): Parameter {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Parameter(shape, Float32Array.from({ length: size }, () => rng.normal() * std));
}

export interface LoraConfig {
  rank: number;
  alpha: number;
  dropout: number;
}

// A low-rank adapter beside a frozen weight: W x + (alpha / rank) * B (A x). B starts at zero, so an adapter
// changes nothing until trained (Hu et al. 2021).
export class LoraAdapter extends Module {
  a: Parameter; // (rank, in)
  b: Parameter; // (out, rank)
  readonly scaling: number;
  constructor(inFeatures: number, outFeatures: number, readonly config: LoraConfig, rng: Rng) {
    super();
    this.a = randomParameter([config.rank, inFeatures], rng, 1 / Math.sqrt(inFeatures));
    this.b = new Parameter([outFeatures, config.rank], new Float32Array(outFeatures * config.rank));
    this.scaling = config.alpha / config.rank;
  }
  // scaling * B A, (out, in): what merging adds to the weight.
  delta(): Tensor {
    return scale(matmul(this.b, this.a), this.scaling);
  }
}

export class Linear extends Module {
  weight: Parameter; // (out, in), PyTorch's layout
  bias: Parameter | null;
  lora: LoraAdapter | null = null;
  merged = false;
  constructor(readonly inFeatures: number, readonly outFeatures: number, rng: Rng, options: { bias?: boolean; std?: number } = {}) {
    super();
    this.weight = randomParameter([outFeatures, inFeatures], rng, options.std ?? 1 / Math.sqrt(inFeatures));
    this.bias = options.bias === false ? null : new Parameter([outFeatures], new Float32Array(outFeatures));
  }

  // dropoutSeed: a fresh seed per call while training (LoRA dropout), null otherwise.
  forward(x: Tensor, dropoutSeed: number | null = null): Tensor {
    const base = linear(x, this.weight, this.bias);
    if (!this.lora || this.merged) return base;
    const adapterInput = dropoutSeed === null ? x : dropout(x, this.lora.config.dropout, dropoutSeed);
    const low = linear(adapterInput, this.lora.a, null);
    return add(base, scale(linear(low, this.lora.b, null), this.lora.scaling));
  }
}

export class Embedding extends Module {
  weight: Parameter;
  constructor(count: number, dim: number, rng: Rng, std = 0.02) {
    super();
    this.weight = randomParameter([count, dim], rng, std);
  }
  forward(ids: Tensor): Tensor {
    return embedding(this.weight, ids);
  }
}

export class LayerNorm extends Module {
  weight: Parameter;
  bias: Parameter;
  constructor(dim: number) {
    super();
    this.weight = new Parameter([dim], new Float32Array(dim).fill(1));
    this.bias = new Parameter([dim], new Float32Array(dim));
  }
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, 1e-5);
  }
}

export class RmsNorm extends Module {
  weight: Parameter;
  constructor(dim: number) {
    super();
    this.weight = new Parameter([dim], new Float32Array(dim).fill(1));
  }
  forward(x: Tensor): Tensor {
    return rmsNorm(x, this.weight, 1e-6);
  }
}
