import type { Backend } from './backend.js';
import { engineState } from './state.js';

export type DType = 'float32' | 'int32';

// What backward needs of one op: its inputs and a closure that turns the output's gradient into
// (accumulated) gradients of the inputs that require them.
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  backward(gradOutput: Float32Array): void;
}

export class ShapeError extends Error {
  override name = 'ShapeError';
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return size;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

// A dense, row-major tensor. Views are not shared: every op writes a new buffer, which keeps the autograd
// simple and lets the GC return memory (a training step holds its activations and nothing more).
export class Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  readonly dtype: DType;
  readonly backend: Backend;
  data: Float32Array;
  ids: Int32Array;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  node: GradNode | null = null;
  name = '';
  private hooks: ((grad: Tensor) => void)[] = [];

  constructor(shape: readonly number[], data: Float32Array | Int32Array, options: { requiresGrad?: boolean; backend?: Backend } = {}) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    if (data.length !== this.size) {
      throw new ShapeError(`tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${this.size} values)`);
    }
    this.backend = options.backend ?? engineState.backend;
    if (data instanceof Int32Array) {
      this.dtype = 'int32';
      this.ids = data;
      this.data = EMPTY_FLOATS;
    } else {
      this.dtype = 'float32';
      this.data = data;
      this.ids = EMPTY_IDS;
    }
    this.requiresGrad = options.requiresGrad ?? false;
    if (this.requiresGrad && this.dtype === 'int32') throw new Error('tensor: an int32 tensor cannot require a gradient');
  }

  get rank(): number {
    return this.shape.length;
  }

  get strides(): number[] {
    const strides = new Array<number>(this.shape.length);
    let stride = 1;
    for (let axis = this.shape.length - 1; axis >= 0; axis--) {
      strides[axis] = stride;
      stride *= this.shape[axis]!;
    }
    return strides;
  }

  dim(axis: number): number {
    const resolved = axis < 0 ? this.shape.length + axis : axis;
    const dimension = this.shape[resolved];
    if (dimension === undefined) throw new ShapeError(`tensor: axis ${axis} out of range for shape ${formatShape(this.shape)}`);
    return dimension;
  }

  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} is not a scalar`);
    return this.dtype === 'int32' ? this.ids[0]! : this.data[0]!;
  }

  toArray(): number[] {
    return Array.from(this.dtype === 'int32' ? this.ids : this.data);
  }

  // A tensor sharing this one's values but cut from the graph: gradients stop here.
  detach(): Tensor {
    return new Tensor(this.shape, this.dtype === 'int32' ? this.ids : this.data, { backend: this.backend });
  }

  // Reshape shares the buffer (it is only a new shape over the same row-major values).
  reshape(shape: readonly number[]): Tensor {
    const resolved = resolveShape(shape, this.size, this.shape);
    const output = new Tensor(resolved, this.dtype === 'int32' ? this.ids : this.data, { backend: this.backend });
    if (this.requiresGrad && engineState.gradEnabled) {
      output.requiresGrad = true;
      const input = this;
      output.node = {
        op: 'reshape',
        inputs: [input],
        backward(gradOutput) {
          accumulateGradient(input, gradOutput, true);
        },
      };
    }
    return output;
  }

  registerHook(hook: (grad: Tensor) => void): void {
    this.hooks.push(hook);
  }

  runHooks(): void {
    if (this.grad) for (const hook of this.hooks) hook(this.grad);
  }

  backward(gradient?: Tensor): void {
    runBackward(this, gradient);
  }
}

const EMPTY_FLOATS = new Float32Array(0);
const EMPTY_IDS = new Int32Array(0);

function resolveShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  const resolved = [...shape];
  const inferred = resolved.indexOf(-1);
  if (inferred >= 0) {
    const known = sizeOf(resolved.filter((_, axis) => axis !== inferred));
    resolved[inferred] = known === 0 ? 0 : size / known;
  }
  if (sizeOf(resolved) !== size || resolved.some((dimension) => !Number.isInteger(dimension) || dimension < 0)) {
    throw new ShapeError(`reshape: cannot view shape ${formatShape(from)} as ${formatShape(shape)}`);
  }
  return resolved;
}

// Adds a gradient to a tensor's. An op's output gradient is dropped once its backward has run, so the op
// may hand that very buffer to ONE input instead of copying it (`handOver`): reshape and the first operand
// of add/sub pass gradients through unchanged, and this saves a copy of every such activation per step.
export function accumulateGradient(tensor: Tensor, gradient: Float32Array, handOver: boolean): void {
  if (!tensor.grad && handOver) {
    tensor.grad = new Tensor(tensor.shape, gradient, { backend: tensor.backend });
    return;
  }
  tensor.backend.axpy(1, gradient, gradBuffer(tensor));
}

// The gradient buffer of a tensor, created zeroed on first use; ops accumulate into it.
export function gradBuffer(tensor: Tensor): Float32Array {
  if (!tensor.grad) tensor.grad = new Tensor(tensor.shape, new Float32Array(tensor.size), { backend: tensor.backend });
  return tensor.grad.data;
}

function topologicalOrder(root: Tensor): Tensor[] {
  // Iterative depth-first search: deep graphs (thousands of ops) would overflow a recursive one.
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: { tensor: Tensor; expanded: boolean }[] = [{ tensor: root, expanded: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.expanded) {
      order.push(frame.tensor);
      continue;
    }
    if (visited.has(frame.tensor)) continue;
    visited.add(frame.tensor);
    stack.push({ tensor: frame.tensor, expanded: true });
    for (const input of frame.tensor.node?.inputs ?? []) {
      if (input.requiresGrad && !visited.has(input)) stack.push({ tensor: input, expanded: false });
    }
  }
  return order;
}

function runBackward(root: Tensor, gradient?: Tensor): void {
  if (!root.requiresGrad) throw new Error('backward: the tensor does not require a gradient (was it computed under noGrad, or from frozen parameters only?)');
  if (!gradient && root.size !== 1) throw new ShapeError(`backward: a gradient is needed for a non-scalar output of shape ${formatShape(root.shape)}`);
  const seed = gradient ? gradient.data : new Float32Array([1]);
  root.backend.axpy(1, seed, gradBuffer(root));
  const order = topologicalOrder(root);
  for (let index = order.length - 1; index >= 0; index--) {
    const tensor = order[index]!;
    if (!tensor.grad) continue;
    tensor.runHooks();
    const node = tensor.node;
    if (!node) continue;
    node.backward(tensor.grad.data);
    if (engineState.checkNumerics) checkFinite(node, tensor.grad.data);
    // Intermediate gradients are not kept: only leaves (parameters, inputs) hold theirs after backward.
    tensor.grad = null;
  }
}

function checkFinite(node: GradNode, gradient: Float32Array): void {
  for (let index = 0; index < gradient.length; index++) {
    if (!Number.isFinite(gradient[index]!)) {
      throw new Error(`backward: non-finite gradient flowing into op '${node.op}' (inputs ${node.inputs.map((input) => formatShape(input.shape)).join(', ')})`);
    }
  }
}
