import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Bump when a change to training code changes what a stage produces, so old cached stages are not reused.
export const TRAINING_CODE_VERSION = 2;

// A stage's directory is named by a hash of everything it depends on (data hash, configs, seed, code
// version): a second run with the same inputs finds it and reuses it; any change gives a new directory.
export function stageKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify({ parts, code: TRAINING_CODE_VERSION })).digest('hex').slice(0, 16);
}

export function stageDirectory(cacheRoot: string, stage: string, key: string): string {
  return join(cacheRoot, `${stage}-${key}`);
}

export function isStageComplete(directory: string): boolean {
  return existsSync(join(directory, 'config.json')) && existsSync(join(directory, 'model.safetensors'));
}
