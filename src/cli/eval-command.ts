import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FORGET_PERCENTS, type ForgetPercent } from '../data/configs.js';
import { evaluateModel, summarize, type ModelEvaluation } from '../eval/tasks/evaluate-model.js';
import { clearTasks } from '../eval/tasks/clear-tasks.js';
import { REFERENCE_TASK_FILES, referenceAggregatedLog, referenceTaskLog } from '../eval/reference-layout.js';
import { writeFileAtomic } from '../model/atomic.js';
import { loadCheckpoint } from '../model/checkpoint.js';
import { loadClearRunData } from '../train/clear-data.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CommandIo } from './io.js';
import { Progress } from './progress.js';

export const EVALUATION_FILE = 'evaluation.json';

const HELP = `Usage: clearbench eval --model CKPT --data DIR [--gold GOLD_EVAL] [--forget 10] --out DIR [options]

Evaluates one checkpoint on the six CLEAR tasks, the text-QA pair and the held-out people (membership
inference). Writes, in --out:
  evaluation.json            ours: per task, per sample records and the summary (with forget quality against
                             --gold when given: the evaluation.json of the gold model, or its directory)
  eval_log_aggregated.json   the reference code's layout, with one eval_*.json per task beside it, for its scripts

Options:
  --model DIR        checkpoint directory (model.safetensors, config.json, tokenizer.json)
  --data DIR         a CLEAR directory (generated or the real parquet files)
  --gold PATH        evaluation.json of the gold model (or the directory holding it)
  --forget NN        01 | 05 | 10 (default 10)
  --out DIR          output directory
  --max-rows N       rows per task (default 300, as the reference)
  --max-new-tokens N generation budget (default 48)
  --compat MODE      default | reference: pooled truth ratios and generation without the image, as the reference
  -h, --help         show this help`;

export async function evalCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        model: { type: 'string' }, data: { type: 'string' }, gold: { type: 'string' }, forget: { type: 'string' }, out: { type: 'string' },
        'max-rows': { type: 'string' }, 'max-new-tokens': { type: 'string' }, compat: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr.write(`clearbench eval: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  const usage = (message: string) => {
    io.stderr.write(`clearbench eval: ${message}\n(see clearbench eval --help)\n`);
    return EXIT_USAGE;
  };
  if (!values.model || !values.data || !values.out) return usage('--model, --data and --out are required');
  const forget = (values.forget ?? '10').padStart(2, '0');
  if (!(FORGET_PERCENTS as readonly string[]).includes(forget)) return usage(`--forget must be one of ${FORGET_PERCENTS.join(', ')}, got '${values.forget}'`);
  const compat = values.compat ?? 'default';
  if (compat !== 'default' && compat !== 'reference') return usage(`--compat must be 'default' or 'reference', got '${compat}'`);
  const maxRows = Number(values['max-rows'] ?? 300);
  const maxNewTokens = Number(values['max-new-tokens'] ?? 48);
  if (!Number.isInteger(maxRows) || maxRows < 1 || !Number.isInteger(maxNewTokens) || maxNewTokens < 1) return usage('--max-rows and --max-new-tokens must be positive integers');
  for (const [flag, path] of [['--model', values.model], ['--data', values.data]] as const) {
    if (!existsSync(path)) return usage(`${flag} ${path} does not exist`);
  }
  let gold: ModelEvaluation | null = null;
  if (values.gold) {
    const file = values.gold.endsWith('.json') ? values.gold : join(values.gold, EVALUATION_FILE);
    if (!existsSync(file)) return usage(`--gold ${file} does not exist`);
    gold = (JSON.parse(readFileSync(file, 'utf8')) as { evaluation: ModelEvaluation }).evaluation;
  }
  try {
    const progress = new Progress(io, 'human', Boolean(process.stderr.isTTY));
    const { model, tokenizer } = loadCheckpoint(values.model);
    const data = await loadClearRunData(values.data, forget as ForgetPercent, model.config.vision?.imageSize ?? 32, []);
    const tasks = clearTasks(data, maxRows, compat);
    progress.startStage('evaluate');
    const evaluation = evaluateModel(model, tokenizer, tasks, { maxNewTokens, batchSize: 64, compat },
      (task, index) => progress.update({ done: index, total: tasks.length, detail: task.name }));
    progress.endStage();
    const summary = summarize(evaluation, gold);
    writeFileAtomic(join(values.out, EVALUATION_FILE), JSON.stringify({ format: 'clearbench-evaluation', version: 1, model: values.model, forget, compat, summary, evaluation }));
    for (const [task, file] of Object.entries(REFERENCE_TASK_FILES)) {
      const log = referenceTaskLog(evaluation, task as keyof typeof REFERENCE_TASK_FILES);
      if (log) writeFileAtomic(join(values.out, file), JSON.stringify(log, null, 2));
    }
    writeFileAtomic(join(values.out, 'eval_log_aggregated.json'), JSON.stringify(referenceAggregatedLog(evaluation), null, 2));
    io.stdout.write(`${JSON.stringify({ forgetQualityKs: summary.forgetQualityKs, forgetQualityOneMinusJs: summary.forgetQualityOneMinusJs, modelUtility: summary.modelUtility })}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr.write(`clearbench eval: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}
