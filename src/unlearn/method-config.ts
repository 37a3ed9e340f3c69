import type { Compat, UnlearnMethod } from './method.js';
import { resolveMethod, type ResolvedMethod } from './registry.js';

export interface ConfiguredMethod extends ResolvedMethod {
  config: unknown; // parsed by method.configSchema
}

// The options a method takes and their defaults, e.g. "beta = 0.1, retainWeight = 0".
export function describeOptions(method: UnlearnMethod): string {
  const defaults = method.configSchema.safeParse({});
  if (!defaults.success || typeof defaults.data !== 'object' || defaults.data === null) return '(none)';
  const entries = Object.entries(defaults.data);
  return entries.length === 0 ? '(none)' : entries.map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join(', ');
}

// Resolves the name and builds its options: schema defaults < the reference's values under --compat
// reference < what the name fixes (alias) < the user's options. An option the alias fixes cannot be set
// to something else, and an unknown option is an error that lists the known ones.
export function configureMethod(nameOrAlias: string, userConfig: Readonly<Record<string, unknown>>, compat: Compat, methods?: readonly UnlearnMethod[]): ConfiguredMethod {
  const resolved = resolveMethod(nameOrAlias, methods);
  const { method, preset, alias } = resolved;
  for (const [key, value] of Object.entries(userConfig)) {
    if (key in preset && preset[key] !== value) {
      throw new Error(`method '${alias}' fixes ${key} = ${JSON.stringify(preset[key])}; use '${method.name}' to set ${key} = ${JSON.stringify(value)}`);
    }
  }
  const merged = { ...(compat === 'reference' ? method.referenceConfig ?? {} : {}), ...preset, ...userConfig };
  const parsed = method.configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `'${key}'`).join(', ')}`;
      return `${issue.path.join('.') || 'options'}: ${issue.message}`;
    });
    throw new Error(`method '${method.name}': ${problems.join('; ')}. Its options: ${describeOptions(method)}`);
  }
  return { ...resolved, config: parsed.data };
}

