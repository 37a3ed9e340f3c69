import type { Backend } from '../backend.js';
import { jsBackend } from './js.js';

// The native backend is loaded once, here; when the addon was not built, the engine still works on the
// TypeScript backend (slowly) and says why the native one is missing when it is asked for by name.
let nativeLoadError: Error | null = null;
const native: Backend | null = await import('./native.js').then(
  (module) => module.nativeBackend as Backend,
  (error: unknown) => {
    nativeLoadError = error instanceof Error ? error : new Error(String(error));
    return null;
  },
);

export function defaultBackend(): Backend {
  return native ?? jsBackend;
}

export function availableBackends(): Backend[] {
  return native ? [jsBackend, native] : [jsBackend];
}

export function backendByName(name: string): Backend {
  if (name === 'js') return jsBackend;
  if (name === 'native') {
    if (!native) throw new Error(`the native backend is not available (${nativeLoadError?.message ?? 'unknown reason'}); run npm install to build it`);
    return native;
  }
  throw new Error(`unknown backend '${name}' (known: js, native)`);
}
