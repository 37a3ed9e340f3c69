import { Tensor, ShapeError, formatShape } from './tensor.js';

// A trainable tensor. Freezing clears requiresGrad, so the autograd never computes its gradient.
export class Parameter extends Tensor {
  constructor(shape: readonly number[], data: Float32Array) {
    super(shape, data, { requiresGrad: true });
  }
}

// Modules in the spirit of torch.nn: parameters and submodules are plain fields, found by walking them
// in declaration order, so a parameter's name is its path (`blocks.0.attention.query.weight`).
export abstract class Module {
  *namedParameters(prefix = ''): Generator<[string, Parameter]> {
    for (const [key, value] of Object.entries(this)) {
      yield* walk(`${prefix}${key}`, value);
    }
  }

  parameters(): Parameter[] {
    return [...this.namedParameters()].map(([, parameter]) => parameter);
  }

  trainableParameters(): Parameter[] {
    return this.parameters().filter((parameter) => parameter.requiresGrad);
  }

  parameterCount(): number {
    return this.parameters().reduce((count, parameter) => count + parameter.size, 0);
  }

  freeze(): this {
    for (const parameter of this.parameters()) parameter.requiresGrad = false;
    return this;
  }

  unfreeze(): this {
    for (const parameter of this.parameters()) parameter.requiresGrad = true;
    return this;
  }

  stateDict(): Map<string, Tensor> {
    return new Map([...this.namedParameters()].map(([name, parameter]) => [name, parameter.detach()]));
  }

  // Copies values in (parameters keep their identity, so optimiser state stays attached).
  loadStateDict(state: ReadonlyMap<string, Tensor>, options: { strict?: boolean } = {}): void {
    const strict = options.strict ?? true;
    const own = new Map(this.namedParameters());
    for (const [name, value] of state) {
      const parameter = own.get(name);
      if (!parameter) {
        if (strict) throw new Error(`loadStateDict: unexpected parameter '${name}'`);
        continue;
      }
      if (parameter.size !== value.size || parameter.shape.some((dimension, axis) => dimension !== value.shape[axis])) {
        throw new ShapeError(`loadStateDict: '${name}' has shape ${formatShape(parameter.shape)}, the state has ${formatShape(value.shape)}`);
      }
      parameter.data.set(value.data);
    }
    if (strict) {
      const missing = [...own.keys()].filter((name) => !state.has(name));
      if (missing.length > 0) throw new Error(`loadStateDict: missing parameters ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`);
    }
  }

  zeroGrad(): void {
    for (const parameter of this.parameters()) parameter.grad = null;
  }
}

function* walk(name: string, value: unknown): Generator<[string, Parameter]> {
  if (value instanceof Parameter) yield [name, value];
  else if (value instanceof Module) yield* value.namedParameters(`${name}.`);
  else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) yield* walk(`${name}.${index}`, value[index]);
  } else if (value instanceof Map) {
    for (const [key, entry] of value) yield* walk(`${name}.${String(key)}`, entry);
  }
}
