import { useBackend } from '../engine/index.js';
import { backendByName, defaultBackend, nativeModule } from '../engine/backends/default.js';

// The only place that reads the engine's environment variables. Returns a description of the GEMM path.
export function configureEngine(environment: NodeJS.ProcessEnv): string {
  const requested = environment['CLEARBENCH_BACKEND'];
  const backend = requested ? backendByName(requested) : defaultBackend();
  useBackend(backend);
  if (backend.name === 'js') return 'typescript';
  const native = nativeModule();
  const gemm = environment['CLEARBENCH_GEMM'];
  if (gemm === 'builtin' || gemm === 'openblas') native.setGemmPath(gemm);
  else if (gemm) throw new Error(`CLEARBENCH_GEMM must be 'builtin' or 'openblas', got '${gemm}'`);
  return native.gemmPath() === 'builtin' ? `builtin (${native.gemmKernel()})` : 'openblas';
}
