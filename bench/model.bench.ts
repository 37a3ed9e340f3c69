// The quality goals of the model issue and the time of each stage, at a preset (default: `default`):
// how well the target names retain people and answers their questions, how little the gold model knows
// of the forget people, and how much of the base's real_faces / real_world skill survives fine-tuning.
//   npm run bench:model -- [--preset default] [--config FILE] [--json]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { refusalAnswers } from '../src/data/idk.js';
import { FACE_NAMING_PROMPT } from '../src/model/chat.js';
import { evaluateModel } from '../src/eval/tasks/evaluate-model.js';
import { clearTasks } from '../src/eval/tasks/clear-tasks.js';
import type { EvalTask } from '../src/eval/tasks/evaluate-task.js';
import { configureEngine } from '../src/cli/engine-setup.js';
import { Progress } from '../src/cli/progress.js';
import { resolveConfig, type RunConfig } from '../src/cli/run-config.js';
import { goldStage, prepareTarget } from '../src/cli/pipeline/run-benchmark.js';

const { values } = parseArgs({
  options: { preset: { type: 'string', default: 'default' }, config: { type: 'string' }, json: { type: 'boolean', default: false }, cache: { type: 'string' } },
});
configureEngine(process.env);
const overrides: unknown = values.config ? JSON.parse(readFileSync(values.config, 'utf8')) : {};
const resolved = resolveConfig(values.preset as RunConfig['preset'], overrides);
const config: RunConfig = { ...resolved, ...(values.cache ? { cacheDirectory: values.cache } : {}) };
const progress = new Progress({ stdout: process.stderr, stderr: process.stderr }, 'human', false);
const prepareOptions = { config, fresh: false, progress, fallbackRefusals: refusalAnswers() };
const prepared = await prepareTarget(prepareOptions);
const { data, base, target } = prepared;
const gold = goldStage(prepared, prepareOptions);

const tasks = clearTasks(data, config.evaluation.maxRows, config.unlearn.compat);
const pick = (...names: EvalTask['name'][]) => tasks.filter((task) => names.includes(task.name));
const options = { maxNewTokens: config.evaluation.maxNewTokens, batchSize: config.evaluation.batchSize, compat: 'default' as const };
const baseEvaluation = evaluateModel(base.model, base.tokenizer, pick('realFaces', 'realWorld'), options);
// Pictures of the retain_perturbed people that no model trained on (the generator's extra/unseen_pictures).
const unseenFaces: EvalTask = {
  name: 'retainFaces', role: 'retain', probabilityForm: 'options', accuracy: 'naming', generate: true,
  items: data.unseenRetainPictures.map((row) => ({ person: row.name, question: FACE_NAMING_PROMPT, answer: row.name, paraphrased: row.name, perturbed: row.perturbed_names, image: row.pixels })),
};
const targetEvaluation = evaluateModel(target.model, target.tokenizer, pick('retainFaces', 'retainText', 'realFaces', 'realWorld', 'forgetFaces'), options);
const unseenEvaluation = unseenFaces.items.length > 0 ? evaluateModel(target.model, target.tokenizer, [unseenFaces], options) : null;
const goldEvaluation = evaluateModel(gold.model, gold.tokenizer, pick('forgetFaces', 'forgetText', 'retainFaces'), options);
// The held-out people's questions, answered by the gold model: its forget-QA ROUGE should be no higher.
const heldOutQa = pick('heldOutText').map((task) => ({ ...task, name: 'forgetText' as const, generate: true }));
const goldHeldOut = evaluateModel(gold.model, gold.tokenizer, heldOutQa, options);
const people = new Set(data.full.flatMap((sample) => (sample.person ? [sample.person] : []))).size;
const kept = (after: number | null | undefined, before: number | null | undefined) => (after ?? 0) / Math.max(before ?? 0, 1e-9);
const result = {
  retainNaming: targetEvaluation.retainFaces?.summary.accuracy ?? null,
  retainQaRougeL: targetEvaluation.retainText?.summary.rougeL ?? null,
  heldOutNaming: unseenEvaluation?.retainFaces?.summary.accuracy ?? null, // null: the data has no unseen pictures
  forgetNamingTarget: targetEvaluation.forgetFaces?.summary.accuracy ?? null,
  goldForgetNaming: goldEvaluation.forgetFaces?.summary.accuracy ?? null,
  goldRetainNaming: goldEvaluation.retainFaces?.summary.accuracy ?? null,
  goldForgetQaRougeL: goldEvaluation.forgetText?.summary.rougeL ?? null,
  goldHeldOutQaRougeL: goldHeldOut.forgetText?.summary.rougeL ?? null,
  chance: 1 / Math.max(1, people),
  realFaces: { base: baseEvaluation.realFaces?.summary.accuracy ?? null, target: targetEvaluation.realFaces?.summary.accuracy ?? null },
  realWorld: { base: baseEvaluation.realWorld?.summary.accuracy ?? null, target: targetEvaluation.realWorld?.summary.accuracy ?? null },
  realFacesKept: kept(targetEvaluation.realFaces?.summary.accuracy, baseEvaluation.realFaces?.summary.accuracy),
  realWorldKept: kept(targetEvaluation.realWorld?.summary.accuracy, baseEvaluation.realWorld?.summary.accuracy),
  seconds: { base: base.seconds, target: target.seconds, gold: gold.seconds },
  parameters: target.model.parameterCount(),
};
if (!values.json) {
  for (const [key, value] of Object.entries(result)) console.error(`${key.padEnd(20)} ${JSON.stringify(value)}`);
}
console.log(JSON.stringify(result));
