// The GPT-style decoder of ../shared/reference/torch_step.py, written with clearbench's engine, parameter for
// parameter (PyTorch's names and layouts), so it can be compared with PyTorch on loss, gradients and speed.
import {
  Module, Parameter, Rng, Tensor, add, attention, crossEntropy, embedding, gelu, intTensor, linear, recycleActivations, slice,
} from '../src/engine/index.js';
import { LayerNorm } from '../src/model/layers.js';

export interface GptConfig { vocab: number; dim: number; layers: number; heads: number; mlp: number; length: number; batch: number }

function parameter(shape: number[], rng: Rng, std: number): Parameter {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Parameter(shape, Float32Array.from({ length: size }, () => rng.normal() * std));
}

class Linear extends Module {
  weight: Parameter;
  bias: Parameter;
  constructor(inFeatures: number, outFeatures: number, rng: Rng) {
    super();
    this.weight = parameter([outFeatures, inFeatures], rng, 1 / Math.sqrt(inFeatures));
    this.bias = parameter([outFeatures], rng, 0.01);
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

class Embedding extends Module {
  weight: Parameter;
  constructor(count: number, dim: number, rng: Rng) {
    super();
    this.weight = parameter([count, dim], rng, 1);
  }
}

class Block extends Module {
  ln1: LayerNorm; qkv: Linear; o: Linear; ln2: LayerNorm; fc: Linear; pr: Linear;
  constructor(private readonly config: GptConfig, rng: Rng) {
    super();
    const { dim, mlp } = config;
    this.ln1 = new LayerNorm(dim); this.qkv = new Linear(dim, 3 * dim, rng); this.o = new Linear(dim, dim, rng);
    this.ln2 = new LayerNorm(dim); this.fc = new Linear(dim, mlp, rng); this.pr = new Linear(mlp, dim, rng);
  }
  forward(x: Tensor): Tensor {
    return recycleActivations(() => this.run(x));
  }
  private run(x: Tensor): Tensor {
    const { batch, length, heads, dim } = this.config;
    const headDim = dim / heads;
    const normed = this.ln1.forward(x);
    // q, k and v each from their rows of the fused (3 dim, dim) weight (zero-copy views), so each comes out
    // as (batch, length, heads, headDim), the layout attention reads: no permute of activations.
    const part = (index: number) => {
      const rows = (tensor: Tensor) => slice(tensor, 0, index * dim, (index + 1) * dim);
      return linear(normed, rows(this.qkv.weight), rows(this.qkv.bias)).reshape([batch, length, heads, headDim]);
    };
    const attended = attention(part(0), part(1), part(2), { causal: true });
    const h = add(x, this.o.forward(attended.reshape([batch, length, dim])));
    return add(h, this.pr.forward(gelu(this.fc.forward(this.ln2.forward(h)))));
  }
}

export class Gpt extends Module {
  te: Embedding; pe: Embedding; blocks: Block[]; ln: LayerNorm; head: Linear;
  private readonly positions: Tensor;
  constructor(private readonly config: GptConfig, seed: number) {
    super();
    const rng = new Rng(seed);
    this.te = new Embedding(config.vocab, config.dim, rng);
    this.pe = new Embedding(config.length, config.dim, rng);
    this.blocks = Array.from({ length: config.layers }, () => new Block(config, rng));
    this.ln = new LayerNorm(config.dim);
    this.head = new Linear(config.dim, config.vocab, rng);
    this.positions = intTensor(Array.from({ length: config.length }, (_, index) => index));
  }
  // Only the loss leaves this function, so backward may recycle every activation of the step.
  loss(inputs: Tensor, targets: Tensor): Tensor {
    return recycleActivations(() => {
      const { batch, length, dim, vocab } = this.config;
      let x = add(embedding(this.te.weight, inputs), embedding(this.pe.weight, this.positions).reshape([1, length, dim]));
      for (const block of this.blocks) x = block.forward(x);
      const logits = this.head.forward(this.ln.forward(x)).reshape([batch * length, vocab]);
      return crossEntropy(logits, targets);
    });
  }
}
