import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { saveCheckpoint } from '../model/checkpoint.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import { formatBytes } from '../report/format.js';
import { ForgetRequestError } from '../train/custom-forget.js';
import { runUnlearning } from '../unlearn/run-unlearning.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CommandIo } from './io.js';
import { MissingDataError } from './pipeline/data-stage.js';
import { DEFAULT_L1_LAMBDA, methodRuns } from './pipeline/method-stage.js';
import { prepareTarget } from './pipeline/run-benchmark.js';
import { Progress, formatSeconds, type OutputMode } from './progress.js';
import { ConfigError } from './run-config.js';
import { buildRunSetup, RUN_OPTIONS, type RunEnvironment } from './run.js';
import { splitPeople } from './forget-command.js';

export const UNLEARN_HELP = `Usage: clearbench unlearn --method NAME --out DIR [options]

Runs one unlearning method on the target model and writes the unlearned model. The target (and the base before
it) come from the cache of 'clearbench run' with the same preset, data and seed, and are trained first when
missing. Writes, in --out:
  checkpoint/       the unlearned model (model.safetensors, config.json, tokenizer.json), for 'clearbench eval --model'
  loss-curve.json   the method's loss at every optimiser step
  unlearn.json      method, options, steps, time, peak memory, and the config it ran with

Options:
  --method NAME        a method or alias (ga, gd, npo, scrub, grad_diff_forget_kl_retain_ce, ...); "ga+l1" adds L1
  --out DIR            output directory (required)
  --forget NN          01 | 05 | 10: the forget split (default: 10)
  --people LIST        instead of --forget: forget these people (comma-separated names, as 'clearbench forget')
  --mode MODE          joint | text | visual: which rows of the forget and retain sets train (default: joint)
  --l1 LAMBDA          L1 regulariser weight on the weights' change (default: none; "+l1" alone uses ${DEFAULT_L1_LAMBDA})
  --steps N            optimiser steps (default: the preset's epochs over the forget set)
  --preset NAME        smoke | default | paper (default: default)
  --data DIR           a CLEAR directory (the real parquet layout); default: the generated one
  --config FILE        JSON config merged over the preset (e.g. methodOptions, unlearn.learningRate)
  --seed N             seed (default: 42)
  --compat MODE        default | reference
  --method-file FILE   a plug-in method (docs/methods.md)
  --fresh              retrain the base and target instead of reading the cache
  --quiet | --json     print nothing but errors | JSON progress events
  -h, --help           show this help

Exit codes: 0 done, 1 a stage failed (e.g. the loss diverged), 2 bad usage.`;

const OPTIONS = {
  ...RUN_OPTIONS, method: { type: 'string' }, forget: { type: 'string' }, people: { type: 'string' }, mode: { type: 'string' },
  l1: { type: 'string' }, steps: { type: 'string' },
} as const;

export async function unlearnCommand(argv: string[], io: CommandIo, environment: RunEnvironment): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: OPTIONS }));
  } catch (error) {
    io.stderr.write(`clearbench unlearn: ${(error as Error).message}\n(see clearbench unlearn --help)\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(`${UNLEARN_HELP}\n`);
    return EXIT_OK;
  }
  let setup;
  let steps: number | undefined;
  try {
    if (!values.method) throw new UsageError('--method is required (see clearbench unlearn --help)');
    if (!values.out) throw new UsageError('--out is required');
    if (values.methods || values.seeds || values.modality) throw new UsageError('unlearn runs one method: use --method and --mode (--methods, --seeds and --modality belong to run)');
    if (values.people && values.forget) throw new UsageError('give --forget or --people, not both');
    const mode = values.mode ?? 'joint';
    if (!['joint', 'text', 'visual'].includes(mode)) throw new UsageError(`--mode must be joint, text or visual, got '${mode}'`);
    if (values.steps !== undefined) {
      steps = Number(values.steps);
      if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`--steps must be a positive integer, got '${values.steps}'`);
    }
    setup = await buildRunSetup({ ...values, methods: values.method, modality: mode });
    if (values.l1 !== undefined) {
      const l1 = Number(values.l1);
      if (!Number.isFinite(l1) || l1 < 0) throw new UsageError(`--l1 must be a non-negative number, got '${values.l1}'`);
      setup.config.unlearn = { ...setup.config.unlearn, l1 };
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`clearbench unlearn: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const { config, methodSet } = setup;
  const [spec] = methodRuns(config);
  if (!spec) throw new Error('unlearn: no method to run');
  const mode: OutputMode = values.json ? 'json' : values.quiet ? 'quiet' : 'human';
  const progress = new Progress(io, mode, environment.isTerminal && mode === 'human');
  const outDirectory = resolve(values.out);
  try {
    const people = values.people ? splitPeople(values.people) : null;
    const prepared = await prepareTarget({
      config, fresh: values.fresh ?? false, progress, fallbackRefusals: environment.fallbackRefusals,
      ...(people ? { forgetRequest: { people } } : {}),
    });
    const { data, target } = prepared;
    const l1 = spec.withL1 ? config.unlearn.l1 ?? DEFAULT_L1_LAMBDA : config.unlearn.l1;
    mkdirSync(outDirectory, { recursive: true });
    const trainingDirectory = join(outDirectory, 'training');
    progress.startStage(`unlearn ${spec.method}`);
    const outcome = runUnlearning({
      target: target.model, tokenizer: target.tokenizer, method: spec.method, methods: methodSet.methods,
      methodConfig: config.methodOptions[spec.method] ?? {},
      forgetSet: data.forget, retainSet: data.retain, refusals: data.refusals, modality: spec.modality,
      trainable: { lora: config.unlearn.lora, freezeVision: config.unlearn.freezeVision },
      regulariser: { l1, l1Reference: config.unlearn.l1Reference, l0: config.unlearn.l0 },
      ...(steps === undefined ? { epochs: config.unlearn.epochs } : { steps }),
      batchSize: config.unlearn.batchSize, accumulation: config.unlearn.accumulation, learningRate: config.unlearn.learningRate,
      weightDecay: config.unlearn.weightDecay, seed: config.seed, compat: config.unlearn.compat,
      checkpointDirectory: trainingDirectory,
      onProgress: (update) => progress.update({ done: update.step, total: update.totalSteps, loss: update.loss }),
    });
    const finalLoss = outcome.lossCurve.at(-1)?.loss;
    progress.endStage(finalLoss === undefined ? '' : `final loss ${finalLoss.toFixed(4)}`);
    const checkpoint = join(outDirectory, 'checkpoint');
    const about = {
      method: outcome.method, given: spec.method, methodConfig: outcome.methodConfig, modality: spec.modality, l1Lambda: l1,
      forget: people ? { people: data.forgetPeople } : config.forget, steps: outcome.steps, seed: config.seed,
      seconds: outcome.seconds, peakMemoryBytes: outcome.peakMemoryBytes, target: target.directory, dataDirectory: prepared.dataDirectory,
    };
    saveCheckpoint(checkpoint, outcome.model, target.tokenizer, { stage: 'unlearned', ...about });
    await writeFileAtomic(join(outDirectory, 'loss-curve.json'), `${JSON.stringify({ format: 'clearbench-loss-curve', version: 1, method: outcome.method, lossCurve: outcome.lossCurve })}\n`);
    await writeFileAtomic(join(outDirectory, 'unlearn.json'), `${JSON.stringify({ format: 'clearbench-unlearn', version: 1, ...about, config }, null, 2)}\n`);
    rmSync(trainingDirectory, { recursive: true, force: true });
    if (mode === 'json') {
      progress.event({ event: 'done', outDirectory, checkpoint, steps: outcome.steps, seconds: outcome.seconds, peakMemoryBytes: outcome.peakMemoryBytes });
    } else if (mode === 'human') {
      io.stdout.write(`${outcome.method}: ${outcome.steps} steps in ${formatSeconds(outcome.seconds)}, peak memory ${formatBytes(outcome.peakMemoryBytes)}`
        + `${finalLoss === undefined ? '' : `, final loss ${finalLoss.toFixed(4)}`}\ncheckpoint: ${checkpoint}\n`
        + (people ? '' : `evaluate it: clearbench eval --model ${checkpoint} --data ${prepared.dataDirectory} --forget ${config.forget} --out ${join(outDirectory, 'evaluation')}\n`));
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ForgetRequestError || error instanceof MissingDataError) {
      io.stderr.write(`clearbench unlearn: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`clearbench unlearn: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}
