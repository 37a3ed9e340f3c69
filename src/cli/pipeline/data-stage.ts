import { existsSync } from 'node:fs';
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
