import type { z } from 'zod';
import { Tensor } from '../engine/index.js';
import type { VisionLanguageModel } from '../model/vlm.js';
import type { Compat, MethodAlias, PrepareSetup, UnlearnContext, UnlearnMethod } from './method.js';

// A plug-in method (`--method-file`) is checked before anything trains: every problem of its shape is listed at
// once, naming the file and the field, so a broken plug-in costs seconds, not a run.

export class MethodShapeError extends Error {
  override name = 'MethodShapeError';
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`${source}: not a valid unlearning method:\n  ${problems.join('\n  ')}\n(see docs/methods.md for the interface)`);
    this.problems = problems;
  }
}

// Names resolve case-insensitively by lower-casing the request, so a method's own name must be lower case.
const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
const RESERVED_LABELS = ['Target', 'Gold', 'Base'];

type Callable = (...parameters: unknown[]) => unknown;

function isCallable(value: unknown): value is Callable {
  return typeof value === 'function';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is z.ZodType<unknown> {
  return isRecord(value) && isCallable(value['safeParse']) && isCallable(value['parse']);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function checkAliases(value: unknown, problems: string[]): MethodAlias[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`aliases: expected an array of { name, config }, got ${describe(value)}`);
    return [];
  }
  const aliases: MethodAlias[] = [];
  value.forEach((alias: unknown, index) => {
    if (!isRecord(alias) || typeof alias['name'] !== 'string' || !NAME_PATTERN.test(alias['name'])) {
      problems.push(`aliases[${index}].name: expected a lower-case name like "my_alias"`);
      return;
    }
    const config = alias['config'] ?? {};
    if (!isRecord(config)) {
      problems.push(`aliases[${index}].config: expected an object of options, got ${describe(config)}`);
      return;
    }
    aliases.push({ name: alias['name'], config });
  });
  return aliases;
}

// Checks a module's export against the UnlearnMethod interface and the methods it will sit beside, and
// returns a method whose calls check what the plug-in returns (a loss that is not a Tensor is an error that
// names the plug-in, not a crash deep in the trainer).
export function validateMethod(candidate: unknown, source: string, existing: readonly UnlearnMethod[]): UnlearnMethod {
  if (!isRecord(candidate)) throw new MethodShapeError(source, [`expected an object with name, label, description, configSchema, needsOriginal and loss; got ${describe(candidate)}`]);
  const problems: string[] = [];
  const { name, label, description, configSchema, needsOriginal, loss, prepare, finalize, referenceConfig } = candidate;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    problems.push(`name: expected a lower-case identifier such as "my_method" (letters, digits, _), got ${typeof name === 'string' ? JSON.stringify(name) : describe(name)}`);
  }
  if (typeof label !== 'string' || label.trim() === '') problems.push(`label: expected a short display name such as "My method", got ${describe(label)}`);
  else if (RESERVED_LABELS.includes(label)) problems.push(`label: "${label}" names a reference model; pick another`);
  if (typeof description !== 'string' || description.trim() === '') problems.push(`description: expected one plain sentence, got ${describe(description)}`);
  const aliases = checkAliases(candidate['aliases'], problems);
  if (!isSchema(configSchema)) {
    problems.push(`configSchema: expected a zod schema (with safeParse), got ${describe(configSchema)}`);
  } else {
    const defaults = configSchema.safeParse({});
    if (!defaults.success) problems.push(`configSchema: every option needs a default (parsing {} failed: ${defaults.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; ')})`);
  }
  if (!isCallable(needsOriginal)) problems.push(`needsOriginal: expected a function (config) => boolean, got ${describe(needsOriginal)}`);
  if (!isCallable(loss)) problems.push(`loss: expected a function (context, config) => Tensor, got ${describe(loss)}`);
  if (prepare !== undefined && !isCallable(prepare)) problems.push(`prepare: expected a function (setup, config) => state, got ${describe(prepare)}`);
  if (finalize !== undefined && !isCallable(finalize)) problems.push(`finalize: expected a function (model, original, config, compat) => void, got ${describe(finalize)}`);
  if (referenceConfig !== undefined && !isRecord(referenceConfig)) problems.push(`referenceConfig: expected an object of options, got ${describe(referenceConfig)}`);
  const taken = new Map<string, string>();
  for (const method of existing) {
    taken.set(method.name, `the method '${method.name}'`);
    for (const alias of method.aliases) taken.set(alias.name, `an alias of '${method.name}'`);
  }
  for (const wanted of [typeof name === 'string' ? name : null, ...aliases.map((alias) => alias.name)]) {
    const owner = wanted === null ? undefined : taken.get(wanted);
    if (owner) problems.push(`name '${wanted}' is already ${owner}; pick another`);
  }
  if (problems.length > 0 || typeof name !== 'string' || typeof label !== 'string' || typeof description !== 'string'
    || !isSchema(configSchema) || !isCallable(needsOriginal) || !isCallable(loss)) {
    throw new MethodShapeError(source, problems);
  }
  const method: UnlearnMethod = {
    name, label, description, aliases, configSchema,
    needsOriginal: (config) => {
      const value = needsOriginal(config);
      if (typeof value !== 'boolean') throw new Error(`${source}: needsOriginal must return true or false, got ${describe(value)}`);
      return value;
    },
    loss: (context: UnlearnContext, config: unknown) => {
      const value = loss(context, config);
      if (!(value instanceof Tensor)) {
        throw new Error(`${source}: loss must return a Tensor built from the context (import the ops from 'clearbench'), got ${describe(value)}`);
      }
      if (value.size !== 1) throw new Error(`${source}: loss must return a scalar Tensor, got shape [${value.shape.join(', ')}]`);
      return value;
    },
    ...(isRecord(referenceConfig) ? { referenceConfig } : {}),
    ...(isCallable(prepare) ? { prepare: (setup: PrepareSetup, config: unknown) => prepare(setup, config) } : {}),
    ...(isCallable(finalize) ? { finalize: (model: VisionLanguageModel, original: VisionLanguageModel | null, config: unknown, compat: Compat) => void finalize(model, original, config, compat) } : {}),
  };
  return method;
}

// For plug-in authors: the identity, typed, so that `config` in loss() is inferred from the schema.
export function defineMethod<Config, State = unknown>(method: UnlearnMethod<Config, State>): UnlearnMethod<Config, State> {
  return method;
}
