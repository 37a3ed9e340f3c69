import { Module, Parameter } from '../engine/index.js';

// Where a parameter lives: the object (module or array) and the key that hold it. Swapping what a slot
// holds lets a computed tensor stand in for a parameter during a forward pass without changing the model.
export interface ParameterSlot {
  owner: object;
  key: string | number;
  parameter: Parameter;
}

export function findSlots(root: Module, parameters: readonly Parameter[]): ParameterSlot[] {
  const wanted = new Set(parameters);
  const slots: ParameterSlot[] = [];
  const visit = (value: unknown, owner: object, key: string | number) => {
    if (value instanceof Parameter) {
      if (wanted.has(value)) slots.push({ owner, key, parameter: value });
    } else if (value instanceof Module) {
      for (const [childKey, child] of Object.entries(value)) visit(child, value, childKey);
    } else if (Array.isArray(value)) {
      value.forEach((child, index) => visit(child, value, index));
    }
  };
  for (const [key, child] of Object.entries(root)) visit(child, root, key);
  if (slots.length !== wanted.size) throw new Error(`parameter slots: found ${slots.length} of ${wanted.size} parameters in the model`);
  return slots;
}

export function fillSlot(slot: ParameterSlot, value: Parameter): void {
  Reflect.set(slot.owner, slot.key, value);
}
