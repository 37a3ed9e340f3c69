import { z } from 'zod';
import {
  Module, Parameter, Rng, Tensor, add, addScalar, crossEntropy, div, matmul, mean, patchify, scale, sqrt, square, sub, sum,
} from '../engine/index.js';
import { imageTokenCount, visionConfigSchema } from './config.js';
import { VisionEncoder } from './vision.js';

// The vision track's face-recognition classifier: a ViT backbone, mean-pooled into one embedding per image,
// and an AM-Softmax head (Wang et al. 2018, "Additive Margin Softmax for Face Verification"): logits are
// scale * cos(embedding, class row), and training subtracts a margin from the true class's cosine.
// The reference's backbone is an ImageNet ResNet-18; ours is the engine's ViT, since patchify + linear is
// the convolution a ViT needs and no other kernel is required.

export const faceClassifierConfigSchema = z.strictObject({
  vision: visionConfigSchema,
  classes: z.number().int().positive(),
  scale: z.number().positive(), // s
  margin: z.number().nonnegative(), // m
});

export type FaceClassifierConfig = z.infer<typeof faceClassifierConfigSchema>;

export interface FaceForward {
  embeddings: Tensor; // (count, dim), mean-pooled final-norm tokens, not normalised
  cosines: Tensor; // (count, classes), cos(embedding, head row)
  captured: Tensor | null; // (count, tokens, dim): the residual stream after block `captureBlock`, if asked
}

// Rows scaled to unit length: x / sqrt(sum x^2 + eps), over the last axis.
export function normalizeRows(x: Tensor, eps = 1e-8): Tensor {
  return div(x, sqrt(addScalar(sum(square(x), { axis: -1, keepDim: true }), eps)));
}

// cos between every embedding and every class row: (count, dim) x (classes, dim) -> (count, classes).
// Both sides are normalised. (The reference's AdMSoftmaxLoss rebinds a loop variable instead of normalising
// its weight, so its "cosine" is an unnormalised dot product with unit features; ours is the paper's form.)
export function cosineSimilarities(embeddings: Tensor, classWeights: Tensor): Tensor {
  return matmul(normalizeRows(embeddings), normalizeRows(classWeights), { transposeB: true });
}

// The margin as a constant (count, classes) tensor: m at each row's true class, 0 elsewhere.
function marginMatrix(labels: Int32Array, classes: number, margin: number): Tensor {
  const values = new Float32Array(labels.length * classes);
  labels.forEach((label, row) => {
    if (label < 0 || label >= classes) throw new RangeError(`AM-Softmax: label ${label} at row ${row} is outside ${classes} classes`);
    values[row * classes + label] = margin;
  });
  return new Tensor([labels.length, classes], values);
}

// Training logits s * (cos - m [class == label]) (Wang et al. 2018, eq. 6).
export function amSoftmaxLogits(cosines: Tensor, labels: Int32Array, scaleFactor: number, margin: number): Tensor {
  const classes = cosines.dim(-1);
  return scale(margin === 0 ? cosines : sub(cosines, marginMatrix(labels, classes, margin)), scaleFactor);
}

// Mean AM-Softmax loss over the rows.
export function amSoftmaxLoss(cosines: Tensor, labels: Int32Array, scaleFactor: number, margin: number): Tensor {
  return crossEntropy(amSoftmaxLogits(cosines, labels, scaleFactor, margin), new Tensor([labels.length], labels));
}

export class AmSoftmaxHead extends Module {
  weight: Parameter; // (classes, dim)
  constructor(classes: number, dim: number, rng: Rng) {
    super();
    this.weight = new Parameter([classes, dim], Float32Array.from({ length: classes * dim }, () => rng.normal() / Math.sqrt(dim)));
  }
}

export class FaceClassifier extends Module {
  encoder: VisionEncoder;
  head: AmSoftmaxHead;
  constructor(readonly config: FaceClassifierConfig, rng: Rng) {
    super();
    faceClassifierConfigSchema.parse(config);
    this.encoder = new VisionEncoder(config.vision, rng);
    this.head = new AmSoftmaxHead(config.classes, config.vision.dim, rng);
  }

  // images (count, 3, size, size) -> embeddings, cosines and optionally one block's output. The encoder's
  // own forward is walked here block by block so that RMU can read a middle layer.
  forward(images: Tensor, options: { captureBlock?: number; dropoutSeed?: number | null } = {}): FaceForward {
    const encoder = this.encoder;
    const vision = this.config.vision;
    const tokens = imageTokenCount(vision);
    const dropoutSeed = options.dropoutSeed ?? null;
    let x = encoder.patchEmbedding.forward(patchify(images, vision.patchSize), dropoutSeed);
    x = add(x, encoder.positionEmbedding.weight.reshape([1, tokens, vision.dim]));
    let captured: Tensor | null = null;
    for (const [index, block] of encoder.blocks.entries()) {
      x = block.forward({ x, keyMask: null, cache: null, dropoutSeed: dropoutSeed === null ? null : dropoutSeed + 100 * (index + 1) });
      if (index === options.captureBlock) captured = x;
    }
    const embeddings = mean(encoder.finalNorm.forward(x), { axis: 1 });
    return { embeddings, cosines: cosineSimilarities(embeddings, this.head.weight), captured };
  }

  // Inference logits s * cos (no margin).
  logits(forward: FaceForward): Tensor {
    return scale(forward.cosines, this.config.scale);
  }

  // Copies this model's weights into a new one (a frozen teacher, or a starting point for a method).
  clone(): FaceClassifier {
    const copy = new FaceClassifier(this.config, new Rng(0));
    copy.loadStateDict(this.stateDict());
    return copy;
  }
}
