import type { Backend } from '../backend.js';
import { jsBackend } from './js.js';

type NativeModule = typeof import('./native.js');

// The native backend is loaded once, here; when the addon was not built, the engine still works on the
// TypeScript backend (slowly) and says why the native one is missing when it is asked for by name.
const nativeLoad: { module: NativeModule | null; error: Error | null } = await import('./native.js').then(
  (module) => ({ module, error: null }),
  (error: unknown) => ({ module: null, error: error instanceof Error ? error : new Error(String(error)) }),
);

export function defaultBackend(): Backend {
  return nativeLoad.module?.nativeBackend ?? jsBackend;
}

export function availableBackends(): Backend[] {
  return nativeLoad.module ? [jsBackend, nativeLoad.module.nativeBackend] : [jsBackend];
}

export function nativeModule(): NativeModule {
  if (!nativeLoad.module) throw new Error(`the native backend is not available (${nativeLoad.error?.message ?? 'unknown reason'}); run npm install to build it`);
  return nativeLoad.module;
}

export function backendByName(name: string): Backend {
  if (name === 'js') return jsBackend;
  if (name === 'native') return nativeModule().nativeBackend;
  throw new Error(`unknown backend '${name}' (known: js, native)`);
}
