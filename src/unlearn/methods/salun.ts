import { z } from 'zod';
import { neg, type Parameter } from '../../engine/index.js';
import { meanTokenNll } from '../losses/index.js';
import { ArmedGradientHooks } from '../gradient-hooks.js';
import type { PrepareSetup, UnlearnContext, UnlearnMethod } from '../method.js';
import { answerNll, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  // Share of the weights that may change: the most salient ones (SalUn's default is half).
  fraction: z.number().gt(0).max(1).default(0.5),
  // global: one threshold over every weight (the SalUn paper); tensor: the top fraction of each weight
  // tensor (the reference's methods/salun/generate_mask.py).
  scope: z.enum(['global', 'tensor']).default('global'),
  // randomLabel: CE of the forget questions paired with other people's answers (SalUn's random labelling);
  // ascent: -CE of the true forget answers.
  forgetTerm: z.enum(['randomLabel', 'ascent']).default('randomLabel'),
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
  maskSamples: z.number().int().positive().nullable().default(null), // forget samples behind the mask; null: all
});
type SalunConfig = z.infer<typeof configSchema>;

export interface SalunState {
  masks: Map<Parameter, Uint8Array>; // 1: the weight may change
  salientWeights: number;
  totalWeights: number;
  hooks: ArmedGradientHooks;
}

// |sum over the forget batches of the gradient of the forget CE| at the target's weights, every parameter
// (the reference accumulates gradients of its mean-CE batches, then takes the magnitude).
export function saliency(setup: PrepareSetup, samples: number | null): Map<Parameter, Float32Array> {
  const parameters = setup.model.parameters();
  const trainable = parameters.map((parameter) => parameter.requiresGrad);
  for (const parameter of parameters) {
    parameter.requiresGrad = true;
    parameter.grad = null;
  }
  try {
    const chosen = setup.forgetSet.slice(0, samples ?? setup.forgetSet.length);
    for (let start = 0; start < chosen.length; start += setup.batchSize) {
      const batch = setup.batchOf(chosen.slice(start, start + setup.batchSize));
      meanTokenNll(setup.model.logitsAt(setup.model.forward(batch.input).hidden, batch.answerRows), batch).backward();
    }
    return new Map(parameters.map((parameter) => [parameter, Float32Array.from(parameter.grad?.data ?? new Float32Array(parameter.size), Math.abs)]));
  } finally {
    parameters.forEach((parameter, index) => {
      parameter.grad = null;
      parameter.requiresGrad = trainable[index]!;
    });
  }
}

// The count most salient entries of one array of magnitudes; ties at the threshold go to the earliest
// positions, so the mask holds exactly `count` ones.
function topMask(values: Float32Array, count: number): Uint8Array {
  const mask = new Uint8Array(values.length);
  if (count <= 0) return mask;
  const threshold = Float32Array.from(values).sort()[values.length - count]!;
  let left = count;
  for (const strictlyAbove of [true, false]) {
    for (let index = 0; index < values.length && left > 0; index++) {
      const value = values[index]!;
      if (mask[index] === 0 && (strictlyAbove ? value > threshold : value === threshold)) {
        mask[index] = 1;
        left--;
      }
    }
  }
  return mask;
}

export function saliencyMasks(magnitudes: ReadonlyMap<Parameter, Float32Array>, fraction: number, scope: SalunConfig['scope']): Map<Parameter, Uint8Array> {
  const masks = new Map<Parameter, Uint8Array>();
  if (scope === 'tensor') {
    for (const [parameter, values] of magnitudes) masks.set(parameter, topMask(values, Math.floor(fraction * values.length)));
    return masks;
  }
  const total = [...magnitudes.values()].reduce((count, values) => count + values.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const values of magnitudes.values()) {
    all.set(values, offset);
    offset += values.length;
  }
  const mask = topMask(all, Math.floor(fraction * total));
  offset = 0;
  for (const [parameter, values] of magnitudes) {
    masks.set(parameter, mask.subarray(offset, offset + values.length));
    offset += values.length;
  }
  return masks;
}

function forgetTerm(context: UnlearnContext<SalunState>, config: SalunConfig) {
  if (config.forgetTerm === 'ascent') return neg(answerNll(context, context.forget));
  return answerNll(context, context.randomAnswers('retain', 0));
}

// SalUn (Fan et al. 2024, "SalUn: Empowering machine unlearning via gradient-based weight saliency"): the
// weights whose forget-loss gradient is largest at the target are the ones that carry the forget data; only
// they are unlearned (random labels on the forget set + CE on retain), every other weight keeps its value.
// The mask is computed once in prepare(); masking is a gradient hook, so the optimiser sees zero gradient
// outside it (AdamW then leaves those weights alone, apart from weight decay, which shrinks every weight).
export const salun: UnlearnMethod<SalunConfig, SalunState> = {
  name: 'salun',
  label: 'SalUn',
  aliases: [],
  description: 'Saliency unlearning: only the weights most sensitive to the forget set change, trained to give the forget questions random answers while fitting the retain set.',
  configSchema,
  referenceConfig: { scope: 'tensor' },
  needsOriginal: () => false,
  prepare: (setup, config) => {
    const masks = saliencyMasks(saliency(setup, config.maskSamples), config.fraction, config.scope);
    const hooks = new ArmedGradientHooks((parameter, gradient) => {
      const mask = masks.get(parameter)!;
      const values = gradient.data;
      for (let index = 0; index < values.length; index++) if (mask[index] === 0) values[index] = 0;
    });
    hooks.attach([...masks.keys()]);
    let salientWeights = 0;
    for (const mask of masks.values()) for (const bit of mask) salientWeights += bit;
    const totalWeights = [...masks.values()].reduce((count, mask) => count + mask.length, 0);
    return { masks, salientWeights, totalWeights, hooks };
  },
  loss: (context, config) => {
    const state = context.prepared;
    if (!context.model.parameters().some((parameter) => parameter.requiresGrad && state.masks.has(parameter))) {
      // LoRA adapters are attached after prepare(): none of them has a mask, so nothing would be masked.
      throw new Error('salun: no masked weight trains (LoRA adapters?); SalUn masks the model\'s own weights, run it without LoRA');
    }
    const loss = weightedSum([
      [config.forgetWeight, () => forgetTerm(context, config)],
      [config.retainWeight, () => answerNll(context, context.retain)],
    ]);
    state.hooks.arm();
    return loss;
  },
};

