// Every unlearning method on forget10 at a preset (joint), then GA, GD, NPO and SCRUB with L1, then the
// same four in text-only and visual-only modes. One line per method run: forget/retain face naming,
// forget/retain text-QA ROUGE-L, forget quality (both forms), model utility and unlearning time.
//   npm run bench:methods -- [--preset default] [--json] [--cache DIR]
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { createLanes } from '../src/cli/lanes.js';
import { refusalAnswers } from '../src/data/idk.js';
import { configureEngine } from '../src/cli/engine-setup.js';
import { Progress } from '../src/cli/progress.js';
import { DEFAULT_METHODS, RUN_PRESETS, type RunConfig } from '../src/cli/run-config.js';
import { runBenchmark } from '../src/cli/pipeline/run-benchmark.js';

const { values } = parseArgs({ options: { preset: { type: 'string', default: 'default' }, json: { type: 'boolean', default: false }, cache: { type: 'string' } } });
const gemmPath = configureEngine(process.env);
const preset = values.preset as RunConfig['preset'];
const base: RunConfig = { ...RUN_PRESETS[preset], ...(values.cache ? { cacheDirectory: values.cache } : {}) };
const progress = new Progress({ stdout: process.stderr, stderr: process.stderr }, values.json ? 'quiet' : 'human', false);
const four = ['ga', 'gd', 'npo', 'scrub'];
const runs: { label: string; config: RunConfig }[] = [
  { label: 'joint', config: { ...base, methods: [...DEFAULT_METHODS, ...four.map((name) => `${name}+l1`)], modality: 'joint' } },
  { label: 'text', config: { ...base, methods: four, modality: 'text' } },
  { label: 'visual', config: { ...base, methods: four, modality: 'visual' } },
];
const header = ['method', 'forgetNaming', 'retainNaming', 'forgetRougeL', 'retainRougeL', 'forgetQualityKS', 'forgetQuality1mJS', 'modelUtility', 'seconds'];
if (!values.json) console.log(header.join('\t'));
for (const run of runs) {
  const lanes = availableParallelism() > 1 ? { lanes: createLanes(run.config, availableParallelism(), false, progress) } : {};
  const results = await runBenchmark({
    ...lanes, config: run.config, outDirectory: `runs/bench-methods-${preset}-${run.label}`, fresh: false, progress, version: 'bench', gemmPath, fallbackRefusals: refusalAnswers(),
  });
  const rows = [
    { method: 'target', metrics: results.references.target.metrics, seconds: results.references.target.seconds },
    { method: 'gold', metrics: results.references.gold.metrics, seconds: results.references.gold.seconds },
    ...results.methods.map((method) => ({ method: method.label, metrics: method.metrics, seconds: method.seconds })),
  ];
  for (const row of run.label === 'joint' ? rows : rows.slice(2)) {
    const line = {
      method: row.method,
      forgetNaming: row.metrics.tasks.forgetFaces?.accuracy ?? null,
      retainNaming: row.metrics.tasks.retainFaces?.accuracy ?? null,
      forgetRougeL: row.metrics.tasks.forgetText?.rougeL ?? null,
      retainRougeL: row.metrics.tasks.retainText?.rougeL ?? null,
      forgetQualityKS: row.metrics.forgetQualityKs,
      forgetQuality1mJS: row.metrics.forgetQualityOneMinusJs,
      modelUtility: row.metrics.modelUtility,
      seconds: Number(row.seconds.toFixed(1)),
    };
    if (values.json) console.log(JSON.stringify(line));
    else console.log(Object.values(line).map((value) => (typeof value === 'number' ? Number(value.toPrecision(3)) : value ?? '—')).join('\t'));
  }
}
