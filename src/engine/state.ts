import type { Backend } from './backend.js';
import { defaultBackend } from './backends/default.js';

// The engine's only mutable state, as small as PyTorch's thread-local grad mode: which backend new tensors
// live on, whether ops record a graph, and whether backward checks every gradient for NaN/Inf.
export const engineState: { backend: Backend; gradEnabled: boolean; checkNumerics: boolean } = {
  backend: defaultBackend(),
  gradEnabled: true,
  checkNumerics: false,
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
