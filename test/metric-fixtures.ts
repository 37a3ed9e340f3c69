// Loads test/fixtures/metrics.json (written by scripts/make-metric-fixtures.py from SciPy 1.10 and NLTK)
// and checks its magic and version, so a stale or foreign file fails loudly instead of comparing garbage.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const expectedMagic = 'clearbench-metric-fixtures';
const expectedVersion = 1;

const triple = z.tuple([z.number(), z.number(), z.number()]);
const recipe = z.object({
  count: z.number().int(), multiplier: z.number().int(), increment: z.number().int(), modulus: z.number().int(), shift: z.number(),
});
const sample = z.union([z.array(z.number()), z.object({ recipe })]);
const losses = z.object({
  answerLoss: z.array(z.number()), paraphrasedLoss: z.array(z.number()), perturbedLosses: z.array(z.array(z.number())),
});

const fixtureSchema = z.object({
  magic: z.literal(expectedMagic),
  version: z.literal(expectedVersion),
  rouge: z.array(z.object({
    prediction: z.string(), reference: z.string(), referenceTokens: z.array(z.string()), rouge1: triple, rougeL: triple,
  })),
  porterStem: z.array(z.tuple([z.string(), z.string()])),
  ksTwoSample: z.array(z.object({ name: z.string(), first: sample, second: sample, statistic: z.number(), pValue: z.number() })),
  kolmogorovSurvival: z.array(z.object({ n: z.number().int(), x: z.number(), survival: z.number() })),
  jensenShannon: z.array(z.object({ p: z.array(z.number()), q: z.array(z.number()), base: z.number().nullable(), distance: z.number() })),
  harmonicMean: z.array(z.object({ values: z.array(z.number()), mean: z.number() })),
  rocAuc: z.array(z.object({ positive: z.array(z.number()), negative: z.array(z.number()), auc: z.number() })),
  zlibLength: z.array(z.object({ text: z.string(), length: z.number().int() })),
  referenceAggregation: z.object({
    tasks: z.array(losses.extend({
      isForget: z.boolean(), isCaption: z.boolean(), probability: z.number(),
      pooledTruthRatios: z.array(z.number()), perSampleTruthRatios: z.array(z.number()),
      pooledScore: z.number(), perSampleScore: z.number(),
    })),
    forgetQuality: z.object({
      gold: losses,
      pooledKsPValue: z.number(), pooledJensenShannon: z.number(),
      perSampleKsPValue: z.number(), perSampleJensenShannon: z.number(),
    }),
  }),
});

export type MetricFixtures = z.infer<typeof fixtureSchema>;
export type FixtureSample = z.infer<typeof sample>;

export function loadMetricFixtures(): MetricFixtures {
  const text = readFileSync(new URL('./fixtures/metrics.json', import.meta.url), 'utf8');
  return fixtureSchema.parse(JSON.parse(text));
}

/** Expands a sample given inline or as the integer recipe the generator used for large samples. */
export function fixtureSample(value: FixtureSample): number[] {
  if (Array.isArray(value)) return value;
  const { count, multiplier, increment, modulus, shift } = value.recipe;
  return Array.from({ length: count }, (_, index) => ((index * multiplier + increment) % modulus) / modulus + shift);
}

/** Rows of per-sample losses in the shape the metric functions take. */
export function candidateLosses(rows: z.infer<typeof losses>): { answerLoss: number; paraphrasedLoss: number; perturbedLosses: number[] }[] {
  return rows.answerLoss.map((answerLoss, index) => ({
    answerLoss,
    paraphrasedLoss: rows.paraphrasedLoss[index] ?? Number.NaN,
    perturbedLosses: rows.perturbedLosses[index] ?? [],
  }));
}
