import type { Backend } from './backend.js';
import { defaultBackend } from './backends/default.js';
import { BufferPool } from './buffer-pool.js';
import type { Tensor } from './tensor.js';

// The engine's only mutable state, as small as PyTorch's thread-local grad mode: which backend new tensors
// live on, whether ops record a graph, whether backward checks every gradient for NaN/Inf, the pool of
// buffers that ops recycle (PyTorch's caching allocator; see buffer-pool.ts), and the op outputs made so far
// inside the innermost recycleActivations call (null outside one).
export const engineState: {
  backend: Backend; gradEnabled: boolean; checkNumerics: boolean; pool: BufferPool; recycling: Tensor[] | null;
} = {
  backend: defaultBackend(),
  gradEnabled: true,
  checkNumerics: false,
  pool: new BufferPool(512 * 2 ** 20),
  recycling: null,
};

export function useBackend(backend: Backend): void {
  engineState.backend = backend;
}

export function withBackend<T>(backend: Backend, run: () => T): T {
  const previous = engineState.backend;
  engineState.backend = backend;
  try {
    return run();
  } finally {
    engineState.backend = previous;
  }
}

// Runs `run` without recording a graph: for evaluation, frozen reference models and optimiser updates.
export function noGrad<T>(run: () => T): T {
  const previous = engineState.gradEnabled;
  engineState.gradEnabled = false;
  try {
    return run();
  } finally {
    engineState.gradEnabled = previous;
  }
}

export function setCheckNumerics(enabled: boolean): void {
  engineState.checkNumerics = enabled;
}

// Returns the pool's idle buffers to the system (e.g. between training phases of very different shapes).
export function releasePooledBuffers(): void {
  engineState.pool.clear();
}
