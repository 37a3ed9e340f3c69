import { z } from 'zod';
import { Rng, Tensor, meanSquaredError, noGrad } from '../../engine/index.js';
import type { FaceClassifier, FaceForward } from '../../model/face-classifier.js';
import { weightedSum } from '../terms.js';
import { chunks, faceBatch, faceCount } from './face-set.js';
import type { FaceBatch } from './face-set.js';
import type { VisionMethod, VisionPrepareSetup, VisionUnlearnContext } from './method.js';

const configSchema = z.strictObject({
  // Where the activations are steered: a block of the ViT (null: the middle one, as RMU picks a middle
  // layer), or 'embedding', the pooled output the reference's `rmu.py` steers.
  layer: z.union([z.number().int().nonnegative(), z.literal('embedding')]).nullable().default(null),
  // The target's norm is steeringScale times the original's mean activation norm on the forget faces, so
  // the coefficient carries over between models of different widths (SPEC section 5, RMU).
  steeringScale: z.number().positive().default(4),
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
});
type RmuConfig = z.infer<typeof configSchema>;

export interface VisionRmuState {
  block: number | null; // null: the pooled embedding
  meanNorm: number;
  target: Tensor; // (1, 1, dim) for a block's tokens, (1, dim) for the embedding: unit direction * coefficient
}

function resolveBlock(model: FaceClassifier, config: RmuConfig): number | null {
  if (config.layer === 'embedding') return null;
  const layers = model.config.vision.layers;
  const block = config.layer ?? Math.floor((layers - 1) / 2);
  if (block >= layers) throw new Error(`rmu: block ${block} does not exist (the encoder has ${layers}, 0-based)`);
  return block;
}

function activations(forward: FaceForward, block: number | null): Tensor {
  if (block === null) return forward.embeddings;
  if (!forward.captured) throw new Error('rmu: the forward pass did not capture the block');
  return forward.captured;
}

// Mean L2 norm of the original's activation vectors (each token, or each embedding) on the forget faces.
function meanActivationNorm(setup: VisionPrepareSetup, block: number | null): number {
  let total = 0;
  let vectors = 0;
  noGrad(() => {
    for (const rows of chunks(faceCount(setup.forgetSet), 64)) {
      const values = activations(setup.original.forward(faceBatch(setup.forgetSet, rows).images, block === null ? {} : { captureBlock: block }), block);
      const dim = values.dim(-1);
      for (let start = 0; start < values.size; start += dim) {
        let squares = 0;
        for (let index = start; index < start + dim; index++) squares += values.data[index]! ** 2;
        total += Math.sqrt(squares);
        vectors++;
      }
    }
  });
  return total / Math.max(vectors, 1);
}

function steered(context: VisionUnlearnContext<VisionRmuState>, batch: FaceBatch, original: boolean): Tensor {
  const block = context.prepared.block;
  const forward = original ? context.originalForward(batch, block ?? undefined) : context.forward(batch, block ?? undefined);
  return activations(forward, block);
}

// RMU (Li et al. 2024, WMDP): the forget faces' activations at one layer are pulled (MSE) onto one fixed
// random direction of large norm, scrambling what later layers read; the retain faces' activations stay
// where the original has them. (The reference draws a fresh uniform(-1, 1) * 2 target per forget image at
// the pooled embedding; ours is the paper's one direction, at a middle block by default. The paper draws
// the direction's entries uniform in [0, 1); a ViT's layer norms remove most of such a direction, its mean
// over the features, so ours draws them from a normal distribution.)
export const rmu: VisionMethod<RmuConfig, VisionRmuState> = {
  name: 'rmu',
  label: 'RMU',
  aliases: [],
  description: 'Steers the forget faces\' inner activations towards a random direction while holding retain activations fixed.',
  procedure: 'unlearn',
  configSchema,
  prepare: (setup, config) => {
    const block = resolveBlock(setup.original, config);
    const meanNorm = meanActivationNorm(setup, block);
    const dim = setup.original.config.vision.dim;
    const rng = new Rng((setup.seed ^ 0x52a1f00d) >>> 0);
    const direction = Float32Array.from({ length: dim }, () => rng.normal());
    const norm = Math.sqrt(direction.reduce((squares, value) => squares + value * value, 0));
    const coefficient = config.steeringScale * meanNorm;
    const target = new Tensor(block === null ? [1, dim] : [1, 1, dim], direction.map((value) => (value / norm) * coefficient));
    return { block, meanNorm, target };
  },
  loss: (context, config) => weightedSum([
    [config.forgetWeight, () => {
      const values = steered(context, context.forget, false);
      return meanSquaredError(values, context.prepared.target);
    }],
    [config.retainWeight, () => meanSquaredError(steered(context, context.retain, false), steered(context, context.retain, true))],
  ]),
};

