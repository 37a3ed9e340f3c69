import { Module, Rng, Tensor, add, concat, embedding, intTensor } from '../engine/index.js';
import type { LayerCache } from './attention-block.js';
import { TransformerBlock } from './attention-block.js';
import { imageTokenCount, validateModelConfig, type ModelConfig } from './config.js';
import { Embedding, Linear, RmsNorm } from './layers.js';
import { Projector, VisionEncoder } from './vision.js';

// One batch as the model sees it: token ids with every <image> marker already expanded to the image's
// positions (see chat.ts), and per row its image (3 x size x size, in [-1, 1]) or null.
export interface ModelInput {
  inputIds: Int32Array; // (batch, length)
  attentionMask: Int32Array; // (batch, length), 1 = real token
  imageMarkerPositions: Int32Array; // (batch,), -1 without image
  images: readonly (Float32Array | null)[]; // (batch,)
  batch: number;
  length: number;
}

export interface ForwardOptions {
  // Output of this decoder block (0-based) is returned too (RMU steers it).
  captureLayer?: number;
  // A seed per training step turns LoRA dropout on; null (evaluation) turns it off.
  dropoutSeed?: number | null;
  // Generation: per-layer key/value caches, the key mask over cached + new positions, and positions.
  cache?: LayerCache[];
  keyMask?: Int32Array;
  positions?: Int32Array;
}

export interface ForwardResult {
  hidden: Tensor; // (batch * length, dim), after the final norm
  captured: Tensor | null; // (batch, length, dim)
}

// A LLaVA-shaped model: ViT -> MLP projector -> decoder-only LM (RMS norm, learned positions, GELU MLP).
export class VisionLanguageModel extends Module {
  tokenEmbedding: Embedding;
  positionEmbedding: Embedding;
  blocks: TransformerBlock[];
  finalNorm: RmsNorm;
  head: Linear;
  vision: VisionEncoder | null;
  projector: Projector | null;
  readonly config: ModelConfig;

  constructor(config: ModelConfig, seed: number) {
    super();
    this.config = validateModelConfig(config);
    const rng = new Rng(seed);
    this.tokenEmbedding = new Embedding(config.vocabSize, config.dim, rng);
    this.positionEmbedding = new Embedding(config.maxLength, config.dim, rng);
    this.blocks = Array.from({ length: config.layers }, () => new TransformerBlock(config.dim, config.heads, config.mlpDim, 'decoder', rng));
    this.finalNorm = new RmsNorm(config.dim);
    this.head = new Linear(config.dim, config.vocabSize, rng, { bias: false });
    this.vision = config.vision ? new VisionEncoder(config.vision, rng) : null;
    this.projector = config.vision ? new Projector(config.vision.dim, config.dim, rng) : null;
  }

  get imageTokens(): number {
    return this.config.vision ? imageTokenCount(this.config.vision) : 0;
  }

  forward(input: ModelInput, options: ForwardOptions = {}): ForwardResult {
    const { batch, length } = input;
    const { dim } = this.config;
    const dropoutSeed = options.dropoutSeed ?? null;
    const tokens = this.tokenEmbedding.forward(intTensor(input.inputIds, [batch * length]));
    const x0 = this.placeImages(tokens, input, dropoutSeed);
    const positions = options.positions ?? positionsFromMask(input.attentionMask, batch, length);
    for (const position of positions) {
      if (position >= this.config.maxLength) throw new Error(`model: position ${position} exceeds the model's maximum length ${this.config.maxLength}`);
    }
    let x = add(x0, this.positionEmbedding.forward(intTensor(positions, [batch * length]))).reshape([batch, length, dim]);
    const keyMask = options.keyMask ?? input.attentionMask;
    let captured: Tensor | null = null;
    for (const [index, block] of this.blocks.entries()) {
      x = block.forward({
        x, keyMask, cache: options.cache?.[index] ?? null, dropoutSeed: dropoutSeed === null ? null : dropoutSeed + 1000 * (index + 1),
      });
      if (index === options.captureLayer) captured = x;
    }
    return { hidden: this.finalNorm.forward(x).reshape([batch * length, dim]), captured };
  }

  // Logits at the given rows of (batch * length) hidden states: the head runs only where a loss or a
  // next token needs it, which saves most of its cost on prompts and padding.
  logitsAt(hidden: Tensor, rows: Int32Array): Tensor {
    return this.head.forward(embedding(hidden, intTensor(rows, [rows.length])));
  }

  newCache(): LayerCache[] {
    return this.blocks.map(() => ({ keys: null, values: null }));
  }

  // Token embeddings with each row's image positions replaced by the projected patch features. The swap is a
  // gather from [token rows; image rows], so gradients reach both the token table and the vision tower.
  private placeImages(tokens: Tensor, input: ModelInput, dropoutSeed: number | null): Tensor {
    const rowsWithImage = [...input.imageMarkerPositions.keys()].filter((row) => input.imageMarkerPositions[row]! >= 0);
    if (rowsWithImage.length === 0) return tokens;
    if (!this.vision || !this.projector || !this.config.vision) throw new Error('model: a text-only model was given an image');
    const { imageSize } = this.config.vision;
    const pixels = 3 * imageSize * imageSize;
    const stacked = new Float32Array(rowsWithImage.length * pixels);
    rowsWithImage.forEach((row, index) => {
      const image = input.images[row];
      if (!image || image.length !== pixels) {
        throw new Error(`model: row ${row} has an <image> marker but ${image ? `an image of ${image.length} values, not 3x${imageSize}x${imageSize}` : 'no image'}`);
      }
      stacked.set(image, index * pixels);
    });
    const imageTensor = new Tensor([rowsWithImage.length, 3, imageSize, imageSize], stacked);
    const features = this.projector.forward(this.vision.forward(imageTensor, dropoutSeed === null ? null : dropoutSeed + 7), dropoutSeed);
    const count = this.imageTokens;
    const tokenRows = input.batch * input.length;
    const gather = Int32Array.from({ length: tokenRows }, (_, index) => index);
    rowsWithImage.forEach((row, index) => {
      const start = row * input.length + input.imageMarkerPositions[row]!;
      for (let offset = 0; offset < count; offset++) gather[start + offset] = tokenRows + index * count + offset;
    });
    const table = concat([tokens, features.reshape([rowsWithImage.length * count, this.config.dim])], 0);
    return embedding(table, intTensor(gather, [tokenRows]));
  }
}

// Position of each token = number of real tokens before it in its row, so left- and right-padded rows
// both start at 0.
export function positionsFromMask(mask: Int32Array, batch: number, length: number): Int32Array {
  const positions = new Int32Array(batch * length);
  for (let row = 0; row < batch; row++) {
    let position = 0;
    for (let t = 0; t < length; t++) {
      positions[row * length + t] = position;
      if (mask[row * length + t]) position++;
    }
    // Padding after the last real token keeps the last position (never beyond the table).
  }
  return positions;
}
