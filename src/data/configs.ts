import { join } from 'node:path';

export const FORGET_PERCENTS = ['01', '05', '10'] as const;
export type ForgetPercent = (typeof FORGET_PERCENTS)[number];
export type RetainPercent = '99' | '95' | '90';

export function retainPercent(percent: ForgetPercent): RetainPercent {
  if (percent === '01') return '99';
  if (percent === '05') return '95';
  return '90';
}

export type CaptionConfigName = 'default' | 'full' | `forget${ForgetPercent}` | `retain${RetainPercent}`;
export type PerturbedConfigName = `forget${ForgetPercent}_perturbed` | 'retain_perturbed';
export type TofuConfigName = `forget${ForgetPercent}+tofu` | `retain${RetainPercent}+tofu` | 'full+tofu';
export type ClearConfigName = CaptionConfigName | PerturbedConfigName | TofuConfigName | 'real_faces' | 'real_world';
/** Configs of our TOFU-style QA files under `DIR/tofu/`. */
export type TofuQaConfigName = `forget${ForgetPercent}_perturbed` | 'retain_perturbed' | 'full';

export type RowKindName = 'caption' | 'perturbed' | 'tofu' | 'tofuQa' | 'realFaces' | 'realWorld' | 'pretrainWorld';

export interface ClearConfig {
  name: ClearConfigName;
  kind: RowKindName;
  /** Folder under the dataset directory; the real dataset keeps `default` in `data/`. */
  folder: string;
}

export const PARQUET_FILE_NAME = 'train-00000-of-00001.parquet';

function config(name: ClearConfigName, kind: RowKindName): ClearConfig {
  return { name, kind, folder: name === 'default' ? 'data' : name };
}

export const CLEAR_CONFIGS: readonly ClearConfig[] = [
  config('default', 'caption'),
  config('full', 'caption'),
  ...FORGET_PERCENTS.map((percent) => config(`forget${percent}`, 'caption')),
  ...FORGET_PERCENTS.map((percent) => config(`retain${retainPercent(percent)}`, 'caption')),
  ...FORGET_PERCENTS.map((percent) => config(`forget${percent}_perturbed`, 'perturbed')),
  config('retain_perturbed', 'perturbed'),
  ...FORGET_PERCENTS.map((percent) => config(`forget${percent}+tofu`, 'tofu')),
  ...FORGET_PERCENTS.map((percent) => config(`retain${retainPercent(percent)}+tofu`, 'tofu')),
  config('full+tofu', 'tofu'),
  config('real_faces', 'realFaces'),
  config('real_world', 'realWorld'),
];

export const TOFU_QA_CONFIGS: readonly TofuQaConfigName[] = [
  'forget01_perturbed',
  'forget05_perturbed',
  'forget10_perturbed',
  'retain_perturbed',
  'full',
];

export function findConfig(name: string): ClearConfig | undefined {
  return CLEAR_CONFIGS.find((candidate) => candidate.name === name);
}

export function configFile(dir: string, name: ClearConfigName): string {
  return join(dir, name === 'default' ? 'data' : name, PARQUET_FILE_NAME);
}

export function tofuQaFile(dir: string, name: TofuQaConfigName): string {
  return join(dir, 'tofu', name, PARQUET_FILE_NAME);
}

/** Our additions, outside the real schema (documented in src/data/README.md). */
export function extraFiles(dir: string) {
  const extra = join(dir, 'extra');
  return {
    manifest: join(extra, 'manifest.json'),
    people: join(extra, 'people.json'),
    idk: join(extra, 'idk.json'),
    pretrainText: join(extra, 'pretrain_text.json'),
    heldOutCaptions: join(extra, 'held_out', 'captions.parquet'),
    heldOutQa: join(extra, 'held_out', 'qa.parquet'),
    unseenPictures: join(extra, 'unseen_pictures', 'captions.parquet'),
    pretrainFaces: join(extra, 'pretrain_faces', 'train.parquet'),
    pretrainWorld: join(extra, 'pretrain_world', 'train.parquet'),
  };
}
