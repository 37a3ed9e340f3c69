import { z } from 'zod';
import { neg, type Parameter, type Tensor } from '../../engine/index.js';
import { ArmedGradientHooks } from '../gradient-hooks.js';
import type { UnlearnMethod } from '../method.js';
import { answerNll } from '../terms.js';

const configSchema = z.strictObject({
  // The update is the projected forget gradient alone, as the reference's; a positive weight adds this
  // multiple of the retain gradient (descent on the retain CE) after the projection, PCGrad's sum.
  retainWeight: z.number().nonnegative().default(0),
});
type ProjectionConfig = z.infer<typeof configSchema>;

// Running sums of the current optimiser step, per parameter.
interface StepSums {
  forget: Float32Array; // gradient of -CE(forget), as the trainer accumulates it (mean over micro-batches)
  retain: Float32Array; // gradient of CE(retain), summed over the step's micro-batches so far
  written: Float32Array | null; // what the hook last left in the trainer's buffer
}

export interface ProjectionState {
  hooks: ArmedGradientHooks;
  sums: Map<Parameter, StepSums>;
  microBatches: number; // of the current step so far
  projected: number; // parameter updates whose forget gradient conflicted with the retain one (diagnostics)
}

function dot(first: Float32Array, second: Float32Array): number {
  let total = 0;
  for (let index = 0; index < first.length; index++) total += first[index]! * second[index]!;
  return total;
}

function sumsOf(state: ProjectionState, parameter: Parameter): StepSums {
  let sums = state.sums.get(parameter);
  if (!sums) {
    sums = { forget: new Float32Array(parameter.size), retain: new Float32Array(parameter.size), written: null };
    state.sums.set(parameter, sums);
  }
  return sums;
}

// The trainer's buffer holds what this hook wrote after the previous micro-batch plus the new micro-batch's
// forget gradient; the difference joins the forget sum, and the buffer becomes the projection of the sums
// so far. After the step's last micro-batch it is the projection of the step's mean gradients, which is
// what the reference applies (nlp/grad_proj.py, forget_loss grad_proj).
function project(state: ProjectionState, config: ProjectionConfig, parameter: Parameter, gradient: Tensor): void {
  const sums = sumsOf(state, parameter);
  const values = gradient.data;
  for (let index = 0; index < values.length; index++) sums.forget[index]! += values[index]! - (sums.written?.[index] ?? 0);
  const retainSquares = dot(sums.retain, sums.retain);
  // g_f - min(<g_f, g_r> / |g_r|^2, 0) g_r: a forget gradient that would raise the retain loss loses that
  // component; one that agrees with it is kept whole.
  const coefficient = retainSquares > 0 ? Math.min(0, dot(sums.forget, sums.retain) / retainSquares) : 0;
  if (coefficient < 0) state.projected++;
  const retainScale = config.retainWeight / Math.max(1, state.microBatches);
  for (let index = 0; index < values.length; index++) {
    values[index] = sums.forget[index]! - coefficient * sums.retain[index]! + retainScale * sums.retain[index]!;
  }
  sums.written = Float32Array.from(values);
}

// Gradient projection (the reference's text track, nlp/grad_proj.py): gradient ascent on the forget set
// whose gradient, per weight tensor, is projected off the retain gradient when the two conflict, so a step
// never raises the retain loss to first order. The reference needs two gradients per step; here the retain
// one is a private backward pass inside loss(), and the projection a gradient hook on the trainer's backward.
// The reference steps with SGD; here it is the shared trainer's AdamW, whose per-weight scaling bends the
// projected direction somewhat.
export const gradProjection: UnlearnMethod<ProjectionConfig, ProjectionState> = {
  name: 'grad_projection',
  label: 'GradProj',
  aliases: [{ name: 'grad_proj', config: {} }],
  description: 'Gradient projection: gradient ascent on the forget answers, with the part of each step that would raise the retain loss projected away.',
  configSchema,
  needsOriginal: () => false,
  prepare: (_setup, config) => {
    const state: ProjectionState = { hooks: new ArmedGradientHooks((parameter, gradient) => project(state, config, parameter, gradient)), sums: new Map(), microBatches: 0, projected: 0 };
    return state;
  },
  loss: (context) => {
    const state = context.prepared;
    const trainable = context.model.parameters().filter((parameter) => parameter.requiresGrad);
    state.hooks.attach(trainable);
    if (context.micro === 0) {
      // The trainer has zeroed its gradients: a new step.
      for (const sums of state.sums.values()) {
        sums.forget.fill(0);
        sums.retain.fill(0);
        sums.written = null;
      }
      state.microBatches = 0;
    }
    state.microBatches++;
    for (const [parameter, gradient] of state.hooks.privateGradients(answerNll(context, context.retain), trainable)) {
      const retain = sumsOf(state, parameter).retain;
      for (let index = 0; index < gradient.length; index++) retain[index]! += gradient[index]!;
    }
    state.hooks.arm();
    return neg(answerNll(context, context.forget));
  },
};
