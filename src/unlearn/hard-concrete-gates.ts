import { Parameter, Rng, Tensor, add, addScalar, mul, neg, relu, scale, sigmoid, sub, sum } from '../engine/index.js';
import { fillSlot, type ParameterSlot } from './parameter-slots.js';

// Hard-concrete gates (Louizos, Welling & Kingma 2018, "Learning sparse neural networks through L0
// regularization"): a stretched, clipped binary-concrete variable per group, whose expected number of
// non-zero gates is differentiable in log alpha. Temperature and stretch as in the paper.
const TEMPERATURE = 2 / 3;
const STRETCH_LOW = -0.1;
const STRETCH_HIGH = 1.1;
// log alpha starts so that gates are almost surely open: the update is free at first, L0 closes gates.
const INITIAL_LOG_ALPHA = 3;

export interface GatedUpdate {
  slot: ParameterSlot;
  // The update gated is parameter - reference (reference null: the parameter itself, e.g. a LoRA A whose
  // rows are the rank components). One gate per row (first axis), one for a 1-D parameter.
  reference: Tensor | null;
}

interface Gate extends GatedUpdate {
  logAlpha: Parameter; // (groups,)
  groups: number;
}

// (groups,) gate values of a hard-concrete sample, or of the deterministic test-time gate when noise is null.
function gateValues(logAlpha: Tensor, noise: Tensor | null): Tensor {
  const concrete = noise ? sigmoid(scale(add(logAlpha, noise), 1 / TEMPERATURE)) : sigmoid(logAlpha);
  const stretched = addScalar(scale(concrete, STRETCH_HIGH - STRETCH_LOW), STRETCH_LOW);
  // min(1, max(0, x)) = 1 - relu(1 - relu(x)): the clip, built from primitives.
  return addScalar(neg(relu(addScalar(neg(relu(stretched)), 1))), 1);
}

function gated(gate: Gate, values: Tensor, parameter: Tensor): Tensor {
  const broadcast = values.reshape(parameter.rank >= 2 ? [gate.groups, ...parameter.shape.slice(1).map(() => 1)] : [1]);
  return gate.reference ? add(gate.reference, mul(broadcast, sub(parameter, gate.reference))) : mul(broadcast, parameter);
}

export class HardConcreteGates {
  private readonly gates: Gate[];

  constructor(updates: readonly GatedUpdate[], private readonly lambda: number) {
    this.gates = updates.map((update) => {
      const groups = update.slot.parameter.rank >= 2 ? update.slot.parameter.dim(0) : 1;
      return { ...update, groups, logAlpha: new Parameter([groups], new Float32Array(groups).fill(INITIAL_LOG_ALPHA)) };
    });
  }

  get parameters(): Parameter[] {
    return this.gates.map((gate) => gate.logAlpha);
  }

  // Samples fresh gates and puts, in each slot, a stand-in that holds the gated values and passes its
  // gradient to the raw parameter and to log alpha.
  install(seed: number): void {
    const rng = new Rng(seed);
    for (const gate of this.gates) {
      const noise = new Tensor([gate.groups], Float32Array.from({ length: gate.groups }, () => {
        const u = Math.min(Math.max(rng.next(), 1e-6), 1 - 1e-6);
        return Math.log(u) - Math.log(1 - u);
      }));
      fillSlot(gate.slot, standIn(gated(gate, gateValues(gate.logAlpha, noise), gate.slot.parameter)));
    }
  }

  // lambda * expected number of open gates: sum sigmoid(log alpha - T log(-low / high)).
  penalty(): Tensor {
    const shift = TEMPERATURE * Math.log(-STRETCH_LOW / STRETCH_HIGH);
    let total: Tensor | null = null;
    for (const gate of this.gates) {
      const open = sum(sigmoid(addScalar(gate.logAlpha, -shift)));
      total = total ? add(total, open) : open;
    }
    if (!total) throw new Error('L0: no parameter to gate');
    return scale(total, this.lambda);
  }

  // Writes the deterministic gates into the raw parameters and puts them back in their slots.
  finish(): void {
    for (const gate of this.gates) {
      const values = gated(gate, gateValues(gate.logAlpha.detach(), null), gate.slot.parameter.detach());
      gate.slot.parameter.data.set(values.data);
      fillSlot(gate.slot, gate.slot.parameter);
    }
  }
}

// A Parameter that holds a computed tensor's values and hands its gradient back to that tensor, so the
// model's layers, which read their parameters from their fields, compute with the gated values.
function standIn(computed: Tensor): Parameter {
  const parameter = new Parameter(computed.shape, computed.data);
  parameter.node = {
    op: 'gatedParameter',
    inputs: [computed],
    backward(gradOutput) {
      if (!computed.grad) computed.grad = new Tensor(computed.shape, new Float32Array(computed.size));
      const target = computed.grad.data;
      for (let index = 0; index < target.length; index++) target[index]! += gradOutput[index]!;
    },
  };
  return parameter;
}
