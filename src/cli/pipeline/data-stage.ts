import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extraFiles } from '../../data/configs.js';
import { generateClear } from '../../data/generate-clear.js';
import { stageKey } from '../../train/stage-cache.js';
import type { Progress } from '../progress.js';
import type { RunConfig } from '../run-config.js';

export class MissingDataError extends Error {
  override name = 'MissingDataError';
}

// The real CLEAR when --data names it, else the synthetic CLEAR, generated once per (seed, people) and cached.
export async function ensureData(config: RunConfig, progress: Progress, fresh: boolean): Promise<string> {
  if (config.data.directory) {
    if (!existsSync(config.data.directory)) throw new MissingDataError(`data directory ${config.data.directory} does not exist`);
    return config.data.directory;
  }
  const directory = join(config.cacheDirectory, `data-${stageKey({ seed: config.data.seed, people: config.data.people })}`);
  // The generator writes its manifest last: its presence means the whole dataset is there.
  const marker = extraFiles(directory).manifest;
  if (!fresh && existsSync(marker)) {
    progress.info(`✓ ${'data'.padEnd(22)} reused from ${directory}`);
    return directory;
  }
  progress.startStage('generate data', `${config.data.people} people`);
  await generateClear({
    out: directory, seed: config.data.seed, people: config.data.people,
    onProgress: (update) => progress.update({ done: update.done, total: update.total, detail: update.stage }),
  });
  progress.endStage(directory);
  return directory;
}

// A hash of every file's path, size and bytes under the data directory: the data part of every stage key.
export function hashDirectory(directory: string): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    for (const entry of readdirSync(path).sort()) {
      const child = join(path, entry);
      if (statSync(child).isDirectory()) walk(child);
      else hash.update(`${child.slice(directory.length)}\0`).update(readFileSync(child));
    }
  };
  if (existsSync(directory)) walk(directory);
  return hash.digest('hex');
}
