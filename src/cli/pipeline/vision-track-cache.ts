import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Rng } from '../../engine/index.js';
import { replaceDirectory, writeFileAtomic } from '../../model/atomic.js';
import { FaceClassifier, faceClassifierConfigSchema } from '../../model/face-classifier.js';
import { loadSafetensors, saveSafetensors } from '../../model/safetensors.js';
import { isStageComplete, stageDirectory, stageKey } from '../../train/stage-cache.js';

const CLASSIFIER_FORMAT = 'clearbench-face-classifier';

const savedSchema = z.strictObject({
  format: z.literal(CLASSIFIER_FORMAT),
  version: z.literal(1),
  stage: z.string(),
  key: z.string(),
  config: faceClassifierConfigSchema,
  seconds: z.number().nonnegative(),
});

export interface CachedClassifier {
  model: FaceClassifier;
  seconds: number; // training time when it was built (also when reused)
  reused: boolean;
}

// A trained classifier stored under a hash of everything it depends on (like the multimodal stages): the
// same data, sizes, recipe and seed find it again; any change gives a new directory. null: no cache.
export function cachedClassifier(
  cacheDirectory: string | null,
  stage: string,
  keyParts: unknown,
  build: () => { model: FaceClassifier; seconds: number },
): CachedClassifier {
  if (cacheDirectory === null) return { ...build(), reused: false };
  const key = stageKey({ stage, keyParts });
  const directory = stageDirectory(cacheDirectory, stage, key);
  if (isStageComplete(directory)) {
    const saved = savedSchema.parse(JSON.parse(readFileSync(join(directory, 'config.json'), 'utf8')));
    const model = new FaceClassifier(saved.config, new Rng(0));
    model.loadStateDict(loadSafetensors(join(directory, 'model.safetensors')).tensors);
    return { model, seconds: saved.seconds, reused: true };
  }
  const built = build();
  const temporary = `${directory}.partial-${process.pid}`;
  mkdirSync(temporary, { recursive: true });
  saveSafetensors(join(temporary, 'model.safetensors'), built.model.stateDict(), { format: CLASSIFIER_FORMAT });
  const saved: z.infer<typeof savedSchema> = { format: CLASSIFIER_FORMAT, version: 1, stage, key, config: built.model.config, seconds: built.seconds };
  writeFileAtomic(join(temporary, 'config.json'), `${JSON.stringify(saved, null, 2)}\n`);
  replaceDirectory(temporary, directory);
  return { ...built, reused: false };
}
