// The text-only (LLM) track at a preset: base, target and gold decoders, then every method on the forget QA.
// One JSON line per model (target, gold, each method): forget / retain QA ROUGE-L, forget quality (KS and
// 1 - JS), model utility and the training or unlearning time; then one line with the whole run's time.
//   node --import tsx bench/text-track.bench.ts [--preset default] [--cache DIR] [--methods ga,npo,...]
import { parseArgs } from 'node:util';
import { refusalAnswers } from '../src/data/idk.js';
import { configureEngine } from '../src/cli/engine-setup.js';
import { Progress } from '../src/cli/progress.js';
import { RUN_PRESETS, type RunConfig } from '../src/cli/run-config.js';
import { runTextTrack } from '../src/cli/pipeline/text-track.js';
import type { Metrics } from '../src/report/results.js';

const { values } = parseArgs({ options: { preset: { type: 'string', default: 'default' }, cache: { type: 'string' }, methods: { type: 'string' } } });
const gemmPath = configureEngine(process.env);
const preset = values.preset as RunConfig['preset'];
const config: RunConfig = { ...RUN_PRESETS[preset], ...(values.cache ? { cacheDirectory: values.cache } : {}) };
const progress = new Progress({ stdout: process.stderr, stderr: process.stderr }, 'human', false);
const started = performance.now();
const results = await runTextTrack({
  config, outDirectory: `runs/bench-text-track-${preset}`, fresh: false, progress, version: 'bench', gemmPath, fallbackRefusals: refusalAnswers(),
  ...(values.methods ? { methods: values.methods.split(',') } : {}),
});
const round = (value: number | null | undefined) => (value === null || value === undefined ? null : Number(value.toPrecision(4)));
const line = (model: string, metrics: Metrics, seconds: number) => console.log(JSON.stringify({
  name: 'text-track', preset, model,
  forgetRougeL: round(metrics.tasks.forgetText?.rougeL), retainRougeL: round(metrics.tasks.retainText?.rougeL),
  forgetProbability: round(metrics.tasks.forgetText?.probability), forgetQualityKs: round(metrics.forgetQualityKs),
  forgetQualityOneMinusJs: round(metrics.forgetQualityOneMinusJs), modelUtility: round(metrics.modelUtility),
  lossAuc: round(metrics.mia?.lossAuc), seconds: Number(seconds.toFixed(1)),
}));
line('target', results.references.target.metrics, results.references.target.seconds);
line('gold', results.references.gold.metrics, results.references.gold.seconds);
for (const method of results.methods) line(method.label, method.metrics, method.seconds);
console.log(JSON.stringify({
  name: 'text-track', preset, model: 'total', backend: results.run.environment.backendName, methods: results.methods.length,
  description: results.run.modelDescription, seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
}));
