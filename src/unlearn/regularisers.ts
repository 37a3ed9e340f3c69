import { Parameter, Tensor, abs, add, l1Norm, scale, sub, sum } from '../engine/index.js';
import { namedLinears } from '../model/lora.js';
import type { VisionLanguageModel } from '../model/vlm.js';
import { HardConcreteGates, type GatedUpdate } from './hard-concrete-gates.js';
import { findSlots } from './parameter-slots.js';

export interface RegulariserConfig {
  l1: number | null; // lambda of the L1 penalty; null or 0: none
  // Without LoRA, L1 measures theta - theta_0 with theta_0 = zero or the initial weights. With LoRA it is
  // always the adapters' own weights (their update starts at zero).
  l1Reference: 'zero' | 'initial';
  l0: number | null; // lambda of the hard-concrete L0 penalty; null or 0: none
}

// Penalties added to any method's loss. The L0 gates are extra parameters the optimiser trains too.
export interface Regulariser {
  readonly parameters: readonly Parameter[];
  beforeForward(seed: number): void; // samples L0 gates for this micro-batch
  penalty(): Tensor | null;
  finish(): void; // fixes the L0 gates into the weights
}

export interface RegulariserTarget {
  model: VisionLanguageModel;
  trainable: readonly Parameter[]; // what the optimiser updates (LoRA adapters or weights)
  lora: boolean;
}

function snapshot(parameter: Parameter): Tensor {
  return new Tensor(parameter.shape, Float32Array.from(parameter.data));
}

// L1 (the CLEAR paper's regulariser): lambda * (sum |A| + sum |B|) over LoRA adapters, or
// lambda * sum |theta - theta_0| over the trained weights.
function l1Penalty(target: RegulariserTarget, lambda: number, reference: 'zero' | 'initial'): () => Tensor {
  const references = !target.lora && reference === 'initial' ? target.trainable.map(snapshot) : null;
  return () => {
    let total: Tensor | null = null;
    target.trainable.forEach((parameter, index) => {
      const term = references ? sum(abs(sub(parameter, references[index]!))) : l1Norm(parameter);
      total = total ? add(total, term) : term;
    });
    if (!total) throw new Error('L1: no trainable parameter');
    return scale(total, lambda);
  };
}

// L0 on the update: one gate per LoRA rank component (a row of A), or per row of theta - theta_0.
function l0Gates(target: RegulariserTarget, lambda: number): HardConcreteGates {
  const trainable = new Set(target.trainable);
  let updates: GatedUpdate[];
  if (target.lora) {
    updates = namedLinears(target.model).flatMap(([, layer]) => (layer.lora && trainable.has(layer.lora.a)
      ? [{ slot: { owner: layer.lora, key: 'a', parameter: layer.lora.a }, reference: null }]
      : []));
  } else {
    updates = findSlots(target.model, target.trainable).map((slot) => ({ slot, reference: snapshot(slot.parameter) }));
  }
  return new HardConcreteGates(updates, lambda);
}

export function createRegulariser(target: RegulariserTarget, config: RegulariserConfig): Regulariser {
  const l1 = config.l1 ? l1Penalty(target, config.l1, config.l1Reference) : null;
  const gates = config.l0 ? l0Gates(target, config.l0) : null;
  return {
    parameters: gates ? gates.parameters : [],
    beforeForward: (seed) => gates?.install(seed),
    penalty: () => {
      const terms = [l1?.(), gates?.penalty()].filter((term): term is Tensor => term !== undefined);
      return terms.reduce<Tensor | null>((total, term) => (total ? add(total, term) : term), null);
    },
    finish: () => gates?.finish(),
  };
}
