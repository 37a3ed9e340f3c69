import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UnlearnMethod } from '../unlearn/method.js';
import { METHODS } from '../unlearn/registry.js';
import { MethodShapeError, validateMethod } from '../unlearn/validate-method.js';
import { UsageError } from './io.js';

// `--method-file`: plug-in methods, loaded for one run beside the built-ins. Nothing global changes: the
// extended list travels as an argument to whatever resolves method names.

export interface PluginMethod {
  method: UnlearnMethod;
  file: string; // absolute path
  // sha256 of the file's bytes: part of the method's cache key, so an edited plug-in is run again.
  hash: string;
}

export interface MethodSet {
  methods: readonly UnlearnMethod[]; // the built-ins, then the plug-ins
  plugins: readonly PluginMethod[];
}

export const BUILT_IN_METHODS: MethodSet = { methods: METHODS, plugins: [] };

// "a.js,b.ts" or repeated flags, in order, without duplicates.
export function splitMethodFiles(values: readonly string[] | undefined): string[] {
  const files = (values ?? []).flatMap((value) => value.split(',')).map((file) => file.trim()).filter(Boolean);
  return [...new Set(files)];
}

// The method a module exports: `export default`, or a named export `method`.
function exportedMethod(module: Record<string, unknown>, file: string): unknown {
  if (module['default'] !== undefined) return module['default'];
  if (module['method'] !== undefined) return module['method'];
  const names = Object.keys(module);
  throw new UsageError(`${file}: exports no method: expected \`export default { name, label, ... }\` or \`export const method = ...\`; `
    + `it exports ${names.length === 0 ? 'nothing' : names.map((name) => `'${name}'`).join(', ')} (see docs/methods.md)`);
}

// Loads and validates every file; each problem is a UsageError (exit code 2) naming the file.
export async function loadMethodFiles(files: readonly string[], builtIns: readonly UnlearnMethod[] = METHODS): Promise<MethodSet> {
  const methods = [...builtIns];
  const plugins: PluginMethod[] = [];
  for (const given of files) {
    const file = resolve(given);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`--method-file ${given}: no such file`);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--method-file ${given}: could not be loaded: ${(error as Error).message.split('\n')[0]}`);
    }
    let method: UnlearnMethod;
    try {
      method = validateMethod(exportedMethod(module, given), given, methods);
    } catch (error) {
      if (error instanceof MethodShapeError) throw new UsageError(error.message);
      throw error;
    }
    methods.push(method);
    plugins.push({ method, file, hash: createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16) });
  }
  return { methods, plugins };
}
