// The results.json format: the one contract between a run (which measures) and every report (which only reads).
// Objects are strict so that a misspelt field is an error naming its path, not a silently empty column; a change
// of shape bumps `schemaVersion`. Numbers must be finite (JSON has no NaN): a metric that could not be measured
// is `null`, and the reports print it as a dash with the reason, never as zero.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './write-file-atomic.js';

export const resultsSchemaVersion = 1;
export const resultsFileName = 'results.json';

// The six tasks of the reference's multimodal evaluation, then our text-QA pair (outside its model utility).
export const taskNames = [
  'forgetCaptions', 'retainCaptions', 'forgetFaces', 'retainFaces', 'realFaces', 'realWorld', 'forgetText', 'retainText',
] as const;
export type TaskName = (typeof taskNames)[number];

export const tracks = ['multimodal', 'text', 'vision'] as const;
export const forgetSplits = ['01', '05', '10', 'custom'] as const;
export const runModalities = ['joint', 'text', 'visual', 'all'] as const;
export const methodModalities = ['joint', 'text', 'visual'] as const;

const finite = z.number();
const fraction = z.number().min(0).max(1);
const count = z.number().int().nonnegative();
// Base64 only, so an image can go into a data: URI attribute without escaping.
const base64Png = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64 PNG bytes without a data: prefix');
const freeJson = z.record(z.string(), z.json());

export const taskMetricsSchema = z.strictObject({
  rougeL: fraction, // ROUGE-L recall of the greedy generation against the answer
  probability: fraction,
  // Forget tasks: mean(min(TR, 1/TR)); others: mean(max(0, 1 - 1/TR)). Null where no perturbed answers exist
  // (text QA on the real CLEAR without TOFU's perturbed files).
  truthRatio: fraction.nullable(),
  accuracy: fraction.nullable(), // face naming or multiple-choice accuracy; null for captions and text QA
  count, // rows evaluated
});

const optionalTask = taskMetricsSchema.optional();
const partialTasks = {
  forgetCaptions: optionalTask, retainCaptions: optionalTask, forgetFaces: optionalTask, retainFaces: optionalTask,
  realFaces: optionalTask, realWorld: optionalTask, forgetText: optionalTask, retainText: optionalTask,
} satisfies Record<TaskName, typeof optionalTask>;

export const miaSchema = z.strictObject({
  // Membership inference of the forget people against held-out people never trained on; 0.5 = indistinguishable.
  lossAuc: fraction,
  zlibAuc: fraction,
  minKAuc: fraction,
  minKPlusPlusAuc: fraction,
  privacyLeak: finite, // (lossAuc - gold's lossAuc) / gold's lossAuc
  uLiraAuc: fraction.nullable().optional(), // vision track only
});

export const metricsSchema = z.strictObject({
  tasks: z.strictObject(partialTasks),
  forgetQualityKs: fraction.nullable(), // KS-test p-value of forget-set truth ratios vs the gold model's (TOFU)
  forgetQualityOneMinusJs: fraction.nullable(), // 1 - Jensen-Shannon distance of the same vectors (the CLEAR table)
  modelUtility: fraction.nullable(), // harmonic mean of 12 values: P, ROUGE-L, TR on the four non-forget tasks
  modelUtilityWithText: fraction.nullable(), // the same plus retain text QA (15 values); ours, not the reference's
  columns: z.strictObject({
    // The paper's per-column figures: harmonic mean of Probability and Truth ratio of the column's two tasks.
    forget: fraction.nullable(),
    retain: fraction.nullable(),
    real: fraction.nullable(),
  }),
  mia: miaSchema.nullable(),
});

export const lossPointSchema = z.strictObject({ step: count, loss: finite });

export const sampleSchema = z.strictObject({
  person: z.string().min(1),
  role: z.enum(['forget', 'retain']),
  task: z.enum(taskNames),
  question: z.string(),
  answer: z.string(),
  // The same (person, task, question) is matched across models; put the image on one of them (the target's) and
  // null elsewhere to keep the file small.
  imagePng: base64Png.nullable(),
  generation: z.string(),
});

export const referenceModelSchema = z.strictObject({
  seconds: finite.nonnegative(), // training time
  peakMemoryBytes: count.nullable(),
  lossCurve: z.array(lossPointSchema),
  metrics: metricsSchema,
  samples: z.array(sampleSchema),
});

export const methodSettingsSchema = z.strictObject({
  modality: z.enum(methodModalities),
  l1Lambda: finite.nonnegative().nullable(),
  l0Lambda: finite.nonnegative().nullable(),
  loraRank: count.nullable(), // null: all weights trainable (the reference's unlearning)
  compat: z.enum(['default', 'reference']),
  steps: count,
  learningRate: finite.nonnegative(),
  extra: freeJson, // every other setting of the method (beta, retain term, ...)
});

export const seedRunSchema = z.strictObject({
  seed: z.number().int(),
  seconds: finite.nonnegative().optional(),
  peakMemoryBytes: count.nullable().optional(),
  metrics: metricsSchema,
});

export const methodResultSchema = z.strictObject({
  name: z.string().min(1), // registry name, e.g. "grad_ascent"
  label: z.string().min(1), // unique display name, e.g. "GA + L1"
  description: z.string().optional(), // one plain sentence; plug-in methods should set it
  settings: methodSettingsSchema,
  seconds: finite.nonnegative(), // unlearning wall time (mean over seeds when seedRuns exist)
  peakMemoryBytes: count.nullable(),
  lossCurve: z.array(lossPointSchema),
  metrics: metricsSchema, // with seedRuns: the mean over them
  seedRuns: z.array(seedRunSchema).optional(),
  samples: z.array(sampleSchema),
});

export const environmentSchema = z.strictObject({
  nodeVersion: z.string(),
  platform: z.string(),
  cpuModel: z.string(),
  cpuCores: count,
  backendName: z.string(),
  gemmPath: z.string(),
});

export const runInfoSchema = z.strictObject({
  clearbenchVersion: z.string().min(1),
  gitCommit: z.string().nullable().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  preset: z.string().min(1),
  track: z.enum(tracks),
  forgetSplit: z.enum(forgetSplits),
  forgetPeople: z.array(z.string()).optional(), // required for a custom forget request
  modality: z.enum(runModalities),
  dataSource: z.enum(['generated', 'parquet']).optional(),
  modelDescription: z.string().optional(), // e.g. "ViT 2x64 -> decoder 4x128, 1.9 M parameters"
  seeds: z.array(z.number().int()).min(1),
  config: freeJson, // the resolved config, as run; `submittedBy` here is shown on leaderboards
  environment: environmentSchema,
  dataHashes: z.record(z.string(), z.string()), // file or config name -> sha256 hex
  totalSeconds: finite.nonnegative(),
});

// The reports name the reference models by these labels, so a method may not take them.
const reservedLabels = ['Target', 'Gold', 'Base'];

export const resultsSchema = z
  .strictObject({
    schemaVersion: z.literal(resultsSchemaVersion),
    run: runInfoSchema,
    references: z.strictObject({
      target: referenceModelSchema,
      gold: referenceModelSchema,
      base: referenceModelSchema.optional(),
    }),
    methods: z.array(methodResultSchema),
  })
  .superRefine((results, context) => {
    const seen = new Set<string>();
    results.methods.forEach((method, index) => {
      if (reservedLabels.includes(method.label)) {
        context.addIssue({ code: 'custom', path: ['methods', index, 'label'], message: `"${method.label}" names a reference model; pick another label` });
      }
      if (seen.has(method.label)) {
        context.addIssue({ code: 'custom', path: ['methods', index, 'label'], message: `duplicate label "${method.label}"` });
      }
      seen.add(method.label);
    });
    if (results.run.forgetSplit === 'custom' && (results.run.forgetPeople ?? []).length === 0) {
      context.addIssue({ code: 'custom', path: ['run', 'forgetPeople'], message: 'a custom forget split must list its people' });
    }
  });

export type TaskMetrics = z.infer<typeof taskMetricsSchema>;
export type Mia = z.infer<typeof miaSchema>;
export type Metrics = z.infer<typeof metricsSchema>;
export type LossPoint = z.infer<typeof lossPointSchema>;
export type Sample = z.infer<typeof sampleSchema>;
export type ReferenceModel = z.infer<typeof referenceModelSchema>;
export type MethodSettings = z.infer<typeof methodSettingsSchema>;
export type SeedRun = z.infer<typeof seedRunSchema>;
export type MethodResult = z.infer<typeof methodResultSchema>;
export type Environment = z.infer<typeof environmentSchema>;
export type RunInfo = z.infer<typeof runInfoSchema>;
export type Results = z.infer<typeof resultsSchema>;

export class ResultsError extends Error {
  override name = 'ResultsError';
  // A missing file is the caller's mistake (a wrong path: usage), an invalid one is the run's (a failure).
  readonly missing: boolean;
  constructor(message: string, missing = false) {
    super(message);
    this.missing = missing;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(top level)' : text;
}

// Validates parsed JSON; the error lists every problem as "path: message", at most `maxIssues` of them.
export function parseResults(data: unknown, source = resultsFileName, maxIssues = 10): Results {
  if (typeof data === 'object' && data !== null && 'schemaVersion' in data && data.schemaVersion !== resultsSchemaVersion) {
    throw new ResultsError(
      `${source}: schemaVersion ${JSON.stringify(data.schemaVersion)} is not supported (this clearbench reads ${resultsSchemaVersion})`,
    );
  }
  const parsed = resultsSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const lines = issues.slice(0, maxIssues).map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  if (issues.length > maxIssues) lines.push(`  ... and ${issues.length - maxIssues} more`);
  throw new ResultsError(`${source} is not a valid clearbench results file:\n${lines.join('\n')}`);
}

export async function readResults(directory: string): Promise<Results> {
  const path = join(directory, resultsFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') throw new ResultsError(`${path}: no such file (run \`clearbench run\` first)`, true);
    throw new ResultsError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultsError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseResults(data, path);
}

// Validates before writing, so a run can never leave a results file that its own reports would reject.
export async function writeResults(results: Results, directory: string): Promise<string> {
  const checked = parseResults(results, 'results to write');
  const path = join(directory, resultsFileName);
  await writeFileAtomic(path, `${JSON.stringify(checked, null, 2)}\n`);
  return path;
}
