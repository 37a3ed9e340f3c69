import { z } from 'zod';
import { Rng, Tensor, mean, meanSquaredError, noGrad, scale } from '../../engine/index.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import { activationMse, realTokenRows } from '../losses/index.js';
import type { PrepareSetup, UnlearnContext, UnlearnMethod } from '../method.js';
import { weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  layer: z.number().int().nonnegative().nullable().default(null), // decoder block; null: the middle one
  // The target's norm is steeringScale times the mean per-token activation norm of the original at that
  // layer on the forget set. RMU's coefficient only works when it dwarfs the layer's usual norm (the WMDP
  // code uses 6.5 on one model and 300 on another); an absolute number does not carry over between models.
  steeringScale: z.number().positive().default(5),
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(100), // alpha, the WMDP code's default
  normSamples: z.number().int().positive().default(128), // forget samples that measure the norm
});
type RmuConfig = z.infer<typeof configSchema>;

export interface RmuState {
  layer: number;
  coefficient: number;
  meanNorm: number;
  direction: Tensor; // (1, dim), unit norm, uniform [0, 1) entries normalised (the RMU paper's draw)
  // --compat reference: one non-negative direction per batch position, normalised over the whole
  // (batchSize, dim) matrix and scaled by the coefficient, so each row's norm is about coefficient/sqrt(batch).
  referenceTargets: Tensor; // (batchSize, dim)
}

export function rmuLayer(model: VisionLanguageModel, config: RmuConfig): number {
  const layer = config.layer ?? Math.floor((model.config.layers - 1) / 2);
  if (layer >= model.config.layers) throw new Error(`rmu: layer ${layer} does not exist (the decoder has ${model.config.layers} blocks, 0-based)`);
  return layer;
}

// Mean L2 norm of the real tokens' activations at the layer, over the first normSamples forget samples.
function meanActivationNorm(setup: PrepareSetup, layer: number, samples: number): number {
  let total = 0;
  let count = 0;
  const chosen = setup.forgetSet.slice(0, samples);
  noGrad(() => {
    for (let start = 0; start < chosen.length; start += setup.batchSize) {
      const batch = setup.batchOf(chosen.slice(start, start + setup.batchSize));
      const captured = setup.model.forward(batch.input, { captureLayer: layer }).captured!;
      const dim = captured.dim(-1);
      for (const row of realTokenRows(batch)) {
        let squares = 0;
        for (let index = row * dim; index < (row + 1) * dim; index++) squares += captured.data[index]! ** 2;
        total += Math.sqrt(squares);
        count++;
      }
    }
  });
  return total / Math.max(count, 1);
}

function unitRows(rng: Rng, rows: number, dim: number, scaleTo: number): Tensor {
  const values = Float32Array.from({ length: rows * dim }, () => rng.next());
  const norm = Math.sqrt(values.reduce((squares, value) => squares + value * value, 0));
  return new Tensor([rows, dim], values.map((value) => (value / norm) * scaleTo));
}

function forgetTerm(context: UnlearnContext<RmuState>, state: RmuState): Tensor {
  const batch = context.forget;
  const captured = context.forward(batch, state.layer).captured!; // (batch, length, dim)
  if (context.compat === 'reference') {
    // The reference: its (batch, dim) sequence means (padding included) against its (batch, 1, dim) direction
    // tensor, which broadcasts to (batch, batch, dim): every sequence is pulled towards every row's direction
    // (SPEC section 5, RMU).
    const sequenceMeans = mean(captured, { axis: 1 }); // (batch, dim)
    const dim = sequenceMeans.dim(-1);
    const targets = new Tensor([state.referenceTargets.dim(0), 1, dim], state.referenceTargets.data);
    return meanSquaredError(sequenceMeans.reshape([1, batch.input.batch, dim]), targets);
  }
  return activationMse(captured, scale(state.direction, state.coefficient), realTokenRows(batch));
}

// RMU (Li et al. 2024, WMDP): steer the forget inputs' activations at one layer towards a fixed random
// direction of large norm (scrambling what later layers read), keep the retain activations where the
// original has them.
export const rmu: UnlearnMethod<RmuConfig, RmuState> = {
  name: 'rmu',
  label: 'RMU',
  aliases: [],
  description: 'Representation misdirection: scrambles the model\'s inner activations on forget inputs at one layer while holding them fixed on retain inputs.',
  configSchema,
  needsOriginal: () => true,
  prepare: (setup, config) => {
    const layer = rmuLayer(setup.model, config);
    const meanNorm = meanActivationNorm(setup, layer, config.normSamples);
    const coefficient = config.steeringScale * meanNorm;
    const rng = new Rng((setup.seed ^ 0x52a1f00d) >>> 0);
    const dim = setup.model.config.dim;
    return { layer, meanNorm, coefficient, direction: unitRows(rng, 1, dim, 1), referenceTargets: unitRows(rng, setup.batchSize, dim, coefficient) };
  },
  loss: (context, config) => {
    const state = context.prepared;
    return weightedSum([
      [config.forgetWeight, () => forgetTerm(context, state)],
      [config.retainWeight, () => {
        const retain = context.retain;
        const current = context.forward(retain, state.layer).captured!;
        const frozen = context.originalForward(retain, state.layer).captured!;
        const rows = context.compat === 'reference'
          ? Int32Array.from({ length: retain.input.batch * retain.input.length }, (_, row) => row)
          : realTokenRows(retain);
        return activationMse(current, frozen, rows);
      }],
    ]);
  },
};
