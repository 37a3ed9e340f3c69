import type { Parameter } from './module.js';
import { releaseGradient } from './tensor.js';

export interface Optimizer {
  step(learningRate: number): void;
  // Sets every gradient to null; their buffers are reused by the next backward, so a gradient must not
  // be read after zeroGrad (copy it first).
  zeroGrad(): void;
  readonly parameters: readonly Parameter[];
}

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

export class AdamW implements Optimizer {
  readonly parameters: readonly Parameter[];
  private readonly moments = new Map<Parameter, { m: Float32Array; v: Float32Array }>();
  private stepCount = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;

  constructor(parameters: readonly Parameter[], options: AdamWOptions = {}) {
    this.parameters = parameters;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
  }

  step(learningRate: number): void {
    this.stepCount++;
    for (const parameter of this.parameters) {
      if (!parameter.grad || !parameter.requiresGrad) continue;
      let moment = this.moments.get(parameter);
      if (!moment) {
        moment = { m: new Float32Array(parameter.size), v: new Float32Array(parameter.size) };
        this.moments.set(parameter, moment);
      }
      parameter.backend.adamw(parameter.data, parameter.grad.data, moment.m, moment.v, this.stepCount, learningRate,
        this.beta1, this.beta2, this.eps, this.weightDecay);
    }
  }

  zeroGrad(): void {
    for (const parameter of this.parameters) releaseGradient(parameter);
  }

  // For checkpoints: the step count and both moments of every parameter, in parameter order.
  state(): { step: number; moments: (readonly [Float32Array, Float32Array] | null)[] } {
    return {
      step: this.stepCount,
      moments: this.parameters.map((parameter) => {
        const moment = this.moments.get(parameter);
        return moment ? ([moment.m, moment.v] as const) : null;
      }),
    };
  }

  loadState(state: { step: number; moments: (readonly [Float32Array, Float32Array] | null)[] }): void {
    if (state.moments.length !== this.parameters.length) {
      throw new Error(`AdamW.loadState: ${state.moments.length} moment pairs for ${this.parameters.length} parameters`);
    }
    this.stepCount = state.step;
    this.moments.clear();
    state.moments.forEach((moment, index) => {
      if (moment) this.moments.set(this.parameters[index]!, { m: Float32Array.from(moment[0]), v: Float32Array.from(moment[1]) });
    });
  }
}

export class SGD implements Optimizer {
  readonly parameters: readonly Parameter[];
  private readonly buffers = new Map<Parameter, Float32Array>();

  constructor(parameters: readonly Parameter[], private readonly options: { momentum?: number; weightDecay?: number } = {}) {
    this.parameters = parameters;
  }

  step(learningRate: number): void {
    for (const parameter of this.parameters) {
      if (!parameter.grad || !parameter.requiresGrad) continue;
      let buffer = this.buffers.get(parameter);
      const firstStep = !buffer;
      if (!buffer) {
        buffer = new Float32Array(parameter.size);
        this.buffers.set(parameter, buffer);
      }
      parameter.backend.sgd(parameter.data, parameter.grad.data, buffer, firstStep, learningRate,
        this.options.momentum ?? 0, this.options.weightDecay ?? 0);
    }
  }

  zeroGrad(): void {
    for (const parameter of this.parameters) releaseGradient(parameter);
  }
}

// Scales all gradients so their global L2 norm is at most maxNorm; returns the norm before clipping.
export function clipGradNorm(parameters: readonly Parameter[], maxNorm: number): number {
  let sumOfSquares = 0;
  for (const parameter of parameters) if (parameter.grad) sumOfSquares += parameter.backend.sumOfSquares(parameter.grad.data);
  const norm = Math.sqrt(sumOfSquares);
  if (norm > maxNorm && norm > 0) {
    const factor = maxNorm / (norm + 1e-6);
    for (const parameter of parameters) if (parameter.grad) parameter.backend.unary('scale', parameter.grad.data, parameter.grad.data, factor);
  }
  return norm;
}

export type Schedule = (step: number) => number;

// Learning-rate multipliers in [0, 1] for step = 0, 1, ..., total - 1.
export function warmupLinearDecay(total: number, warmup: number): Schedule {
  return (step) => {
    if (step < warmup) return (step + 1) / warmup;
    return Math.max(0, (total - step) / Math.max(1, total - warmup));
  };
}

export function warmupCosine(total: number, warmup: number, floor = 0): Schedule {
  return (step) => {
    if (step < warmup) return (step + 1) / warmup;
    const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
    return floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}

export const constantSchedule: Schedule = () => 1;
