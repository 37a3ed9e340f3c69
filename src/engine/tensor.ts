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
  // Set by recycleActivations: backward may give this tensor's buffer back to the pool once the
  // gradient has passed through it, after which `released` is true and its values are gone.
  recyclable = false;
  released = false;
  // A gradient buffer kept by Optimizer.zeroGrad for this tensor's next gradient (see releaseGradient).
  spareGrad: Float32Array | null = null;
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
    this.checkNotReleased('item');
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} is not a scalar`);
    return this.dtype === 'int32' ? this.ids[0]! : this.data[0]!;
  }

  toArray(): number[] {
    this.checkNotReleased('toArray');
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

  get hasHooks(): boolean {
    return this.hooks.length > 0;
  }

  runHooks(): void {
    if (this.grad) for (const hook of this.hooks) hook(this.grad);
  }

  // retainGraph keeps the activations that recycleActivations marked, so the graph can be
  // back-propagated again.
  backward(gradient?: Tensor, options: { retainGraph?: boolean } = {}): void {
    runBackward(this, gradient, options.retainGraph ?? false);
  }

  private checkNotReleased(what: string): void {
    if (this.released) throw new Error(`${what}: this tensor's values were recycled by backward (it was made inside recycleActivations)`);
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

// Adds a gradient term held in a buffer the caller acquired from the pool and owns: it becomes the
// tensor's gradient when there is none yet (no copy), and goes back to the pool otherwise.
export function accumulateOwned(tensor: Tensor, term: Float32Array): void {
  if (!tensor.grad) {
    tensor.grad = new Tensor(tensor.shape, term, { backend: tensor.backend });
    return;
  }
  tensor.backend.axpy(1, term, tensor.grad.data);
  engineState.pool.release(term);
}

// The gradient buffer of a tensor, created zeroed on first use; ops accumulate into it.
export function gradBuffer(tensor: Tensor): Float32Array {
  if (!tensor.grad) tensor.grad = new Tensor(tensor.shape, newGradient(tensor).fill(0), { backend: tensor.backend });
  return tensor.grad.data;
}

// For a kernel that can either overwrite or accumulate (GEMM's beta): the gradient buffer, and beta = 0
// when it was just created (its contents are then undefined, and the kernel must write every element).
export function gradTarget(tensor: Tensor): { data: Float32Array; beta: number } {
  if (tensor.grad) return { data: tensor.grad.data, beta: 1 };
  tensor.grad = new Tensor(tensor.shape, newGradient(tensor), { backend: tensor.backend });
  return { data: tensor.grad.data, beta: 0 };
}

// Storage for a new gradient, contents undefined: the tensor's spare buffer, or one from the pool.
function newGradient(tensor: Tensor): Float32Array {
  const spare = tensor.spareGrad;
  tensor.spareGrad = null;
  return spare && spare.length === tensor.size ? spare : engineState.pool.acquire(tensor.size);
}

// Drops a tensor's gradient but keeps its buffer for the tensor's next one, so a parameter's gradient
// lives in the same memory step after step (fresh memory costs page faults; issue 3). The old gradient
// must not be read after this: the next backward writes over it.
export function releaseGradient(tensor: Tensor): void {
  if (tensor.grad) tensor.spareGrad = tensor.grad.data;
  tensor.grad = null;
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
    if (frame.tensor.released) {
      throw new Error(`backward: the graph through op '${frame.tensor.node?.op ?? 'unknown'}' was back-propagated before and its activations were recycled; pass { retainGraph: true } to the first backward to go through it twice`);
    }
    stack.push({ tensor: frame.tensor, expanded: true });
    for (const input of frame.tensor.node?.inputs ?? []) {
      if (input.requiresGrad && !visited.has(input)) stack.push({ tensor: input, expanded: false });
    }
  }
  return order;
}

function runBackward(root: Tensor, gradient: Tensor | undefined, retainGraph: boolean): void {
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
    const gradient = tensor.grad.data;
    node.backward(gradient);
    if (engineState.checkNumerics) checkFinite(node, gradient);
    // Intermediate gradients are not kept: only leaves (parameters, inputs) hold theirs after backward.
    tensor.grad = null;
    // Nobody can see this gradient any more, unless the op handed the buffer on to an input or a hook
    // was shown it: then it stays out of the pool.
    if (!tensor.hasHooks && !node.inputs.some((input) => input.grad?.data === gradient)) engineState.pool.release(gradient);
    // Every op that reads this tensor's values has had its backward now (they come earlier in the order).
    if (tensor.recyclable && !retainGraph) release(tensor);
  }
}

const RELEASED = new Float32Array(0);

// Runs a module's forward so that the activations it makes are recycled: every op output made inside `run`,
// except the one returned (and any output whose buffer the returned tensor shares, e.g. through reshape),
// goes back to the buffer pool as soon as nothing can read it, so a training step reuses the previous
// step's memory instead of allocating it afresh. That is when backward has passed through it, or, when
// `run` recorded no graph at all (grad mode off, or frozen weights and inputs), at once when `run` returns.
// `run` must not let any other tensor it makes escape (no caches, no detached copies). A second backward
// through such a graph throws unless the first was given { retainGraph: true }.
export function recycleActivations(run: () => Tensor): Tensor {
  const outer = engineState.recycling;
  const made: Tensor[] = [];
  engineState.recycling = made;
  let result: Tensor;
  try {
    result = run();
  } finally {
    engineState.recycling = outer;
  }
  const kept = result.data.buffer;
  // Without a graph, no backward closure holds any of these tensors: only `result` escapes.
  const noGraph = made.every((tensor) => !tensor.requiresGrad);
  for (const tensor of made) {
    // The returned tensor's own buffer stays out, and becomes a candidate of the enclosing call, if any.
    if (tensor.data.buffer === kept) outer?.push(tensor);
    else if (tensor.requiresGrad) tensor.recyclable = true;
    else if (noGraph) release(tensor);
  }
  return result;
}

function release(tensor: Tensor): void {
  engineState.pool.release(tensor.data);
  tensor.data = RELEASED;
  tensor.released = true;
}

function checkFinite(node: GradNode, gradient: Float32Array): void {
  for (let index = 0; index < gradient.length; index++) {
    if (!Number.isFinite(gradient[index]!)) {
      throw new Error(`backward: non-finite gradient flowing into op '${node.op}' (inputs ${node.inputs.map((input) => formatShape(input.shape)).join(', ')})`);
    }
  }
}
