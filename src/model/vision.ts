import { Module, Rng, Tensor, add, gelu, patchify } from '../engine/index.js';
import type { VisionConfig } from './config.js';
import { imageTokenCount } from './config.js';
import { TransformerBlock } from './attention-block.js';
import { Embedding, LayerNorm, Linear } from './layers.js';

// A ViT: non-overlapping patches, a linear patch embedding, learned positions, pre-norm blocks.
export class VisionEncoder extends Module {
  patchEmbedding: Linear;
  positionEmbedding: Embedding;
  blocks: TransformerBlock[];
  finalNorm: LayerNorm;
  constructor(readonly config: VisionConfig, rng: Rng) {
    super();
    this.patchEmbedding = new Linear(3 * config.patchSize * config.patchSize, config.dim, rng);
    this.positionEmbedding = new Embedding(imageTokenCount(config), config.dim, rng);
    this.blocks = Array.from({ length: config.layers }, () => new TransformerBlock(config.dim, config.heads, config.mlpDim, 'vision', rng));
    this.finalNorm = new LayerNorm(config.dim);
  }

  // images (count, 3, size, size) -> (count, tokens, dim)
  forward(images: Tensor, dropoutSeed: number | null): Tensor {
    const tokens = imageTokenCount(this.config);
    let x = this.patchEmbedding.forward(patchify(images, this.config.patchSize), dropoutSeed);
    x = add(x, this.positionEmbedding.weight.reshape([1, tokens, this.config.dim]));
    for (const [index, block] of this.blocks.entries()) {
      x = block.forward({ x, keyMask: null, cache: null, dropoutSeed: dropoutSeed === null ? null : dropoutSeed + 100 * (index + 1) });
    }
    return this.finalNorm.forward(x);
  }
}

// LLaVA-1.5's projector: two linear layers with a GELU between, from vision width to the decoder's.
export class Projector extends Module {
  first: Linear;
  second: Linear;
  constructor(visionDim: number, dim: number, rng: Rng) {
    super();
    this.first = new Linear(visionDim, dim, rng);
    this.second = new Linear(dim, dim, rng);
  }
  forward(x: Tensor, dropoutSeed: number | null): Tensor {
    return this.second.forward(gelu(this.first.forward(x, dropoutSeed)), dropoutSeed === null ? null : dropoutSeed + 1);
  }
}
