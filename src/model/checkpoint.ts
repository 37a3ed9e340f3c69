import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, replaceDirectory } from './atomic.js';
import { modelConfigSchema, type ModelConfig } from './config.js';
import { loadSafetensors, saveSafetensors } from './safetensors.js';
import { Tokenizer } from './tokenizer.js';
import { VisionLanguageModel } from './vlm.js';

export const CHECKPOINT_FORMAT = 'clearbench-checkpoint';

// A checkpoint is a directory: model.safetensors (weights), config.json (sizes) and tokenizer.json.
export function saveCheckpoint(directory: string, model: VisionLanguageModel, tokenizer: Tokenizer, extra: Record<string, unknown> = {}): void {
  const temporary = `${directory}.partial-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  saveSafetensors(join(temporary, 'model.safetensors'), model.stateDict(), { format: CHECKPOINT_FORMAT });
  writeFileAtomic(join(temporary, 'config.json'), JSON.stringify({ format: CHECKPOINT_FORMAT, version: 1, model: model.config, ...extra }, null, 2));
  writeFileAtomic(join(temporary, 'tokenizer.json'), JSON.stringify(tokenizer.toJSON()));
  replaceDirectory(temporary, directory);
}

export interface LoadedCheckpoint {
  model: VisionLanguageModel;
  tokenizer: Tokenizer;
  extra: Record<string, unknown>;
}

export function loadCheckpoint(directory: string): LoadedCheckpoint {
  const configPath = join(directory, 'config.json');
  if (!existsSync(configPath)) throw new Error(`checkpoint ${directory}: config.json is missing`);
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { format?: string; model?: unknown } & Record<string, unknown>;
  if (raw.format !== CHECKPOINT_FORMAT) throw new Error(`checkpoint ${directory}: config.json is not a clearbench checkpoint`);
  const config: ModelConfig = modelConfigSchema.parse(raw.model);
  const model = new VisionLanguageModel(config, 0);
  model.loadStateDict(loadSafetensors(join(directory, 'model.safetensors')).tensors);
  const tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(join(directory, 'tokenizer.json'), 'utf8')));
  const { format: _format, version: _version, model: _model, ...extra } = raw;
  return { model, tokenizer, extra };
}
