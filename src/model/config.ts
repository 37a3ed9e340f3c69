import { z } from 'zod';

export const visionConfigSchema = z.strictObject({
  imageSize: z.number().int().positive(),
  patchSize: z.number().int().positive(),
  dim: z.number().int().positive(),
  layers: z.number().int().nonnegative(),
  heads: z.number().int().positive(),
  mlpDim: z.number().int().positive(),
});

export const modelConfigSchema = z.strictObject({
  vocabSize: z.number().int().positive(),
  dim: z.number().int().positive(),
  layers: z.number().int().positive(),
  heads: z.number().int().positive(),
  mlpDim: z.number().int().positive(),
  maxLength: z.number().int().positive(),
  // null: the text-only model of the LLM track.
  vision: visionConfigSchema.nullable(),
});

export type VisionConfig = z.infer<typeof visionConfigSchema>;
export type ModelConfig = z.infer<typeof modelConfigSchema>;

export function imageTokenCount(vision: VisionConfig): number {
  return (vision.imageSize / vision.patchSize) ** 2;
}

// Model sizes per preset; the vocabulary size is the tokenizer's target and is fixed after training it.
// smoke: seconds on CI. default: tuned so the target learns 200 people and the whole benchmark stays in minutes.
export const MODEL_PRESETS = {
  smoke: {
    vocabSize: 512, dim: 48, layers: 2, heads: 2, mlpDim: 96, maxLength: 96,
    vision: { imageSize: 16, patchSize: 8, dim: 32, layers: 1, heads: 2, mlpDim: 64 },
  },
  default: {
    vocabSize: 1024, dim: 128, layers: 3, heads: 4, mlpDim: 384, maxLength: 128,
    vision: { imageSize: 32, patchSize: 8, dim: 96, layers: 2, heads: 4, mlpDim: 256 },
  },
} as const satisfies Record<string, ModelConfig>;

export function validateModelConfig(config: ModelConfig): ModelConfig {
  const parsed = modelConfigSchema.parse(config);
  if (parsed.dim % parsed.heads !== 0) throw new Error(`model config: dim ${parsed.dim} is not divisible by heads ${parsed.heads}`);
  if (parsed.vision) {
    const { imageSize, patchSize, dim, heads } = parsed.vision;
    if (imageSize % patchSize !== 0) throw new Error(`model config: image size ${imageSize} is not divisible by patch size ${patchSize}`);
    if (dim % heads !== 0) throw new Error(`model config: vision dim ${dim} is not divisible by vision heads ${heads}`);
  }
  return parsed;
}
