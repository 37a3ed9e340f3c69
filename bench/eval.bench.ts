// Time to evaluate one model (the target) on every task at a preset, and the membership-inference sanity
// check of the evaluation issue: the target separates forget people from held-out people, the gold model not.
//   npm run bench:eval -- [--preset default] [--json]
import { parseArgs } from 'node:util';
import { refusalAnswers } from '../src/data/idk.js';
import { evaluateModel, membershipAucs } from '../src/eval/tasks/evaluate-model.js';
import { clearTasks } from '../src/eval/tasks/clear-tasks.js';
import { configureEngine } from '../src/cli/engine-setup.js';
import { Progress } from '../src/cli/progress.js';
import { RUN_PRESETS, type RunConfig } from '../src/cli/run-config.js';
import { goldStage, prepareTarget } from '../src/cli/pipeline/run-benchmark.js';

const { values } = parseArgs({ options: { preset: { type: 'string', default: 'default' }, json: { type: 'boolean', default: false }, cache: { type: 'string' } } });
configureEngine(process.env);
const preset = values.preset as RunConfig['preset'];
const config: RunConfig = { ...RUN_PRESETS[preset], ...(values.cache ? { cacheDirectory: values.cache } : {}) };
const progress = new Progress({ stdout: process.stderr, stderr: process.stderr }, values.json ? 'quiet' : 'human', false);
const prepareOptions = { config, fresh: false, progress, fallbackRefusals: refusalAnswers() };
const prepared = await prepareTarget(prepareOptions);
const { data, target } = prepared;
const gold = goldStage(prepared, prepareOptions);
const tasks = clearTasks(data, config.evaluation.maxRows, config.unlearn.compat);
const options = { maxNewTokens: config.evaluation.maxNewTokens, batchSize: config.evaluation.batchSize, compat: 'default' as const };
const seconds: Record<string, number> = {};
const started = performance.now();
const targetEvaluation = evaluateModel(target.model, target.tokenizer, tasks, options, (task) => (seconds[task.name] = performance.now()));
const total = (performance.now() - started) / 1000;
const goldEvaluation = evaluateModel(gold.model, gold.tokenizer, tasks.filter((task) => /forget|heldOut/.test(task.name)), options);
const result = {
  name: 'evaluate-model', preset, tasks: tasks.map((task) => `${task.name}:${task.items.length}`), seconds: Number(total.toFixed(2)),
  miaTarget: membershipAucs(targetEvaluation), miaGold: membershipAucs(goldEvaluation),
};
console.log(JSON.stringify(result));
