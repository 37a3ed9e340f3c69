import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createLanes } from './lanes.js';
import { parseArgs } from 'node:util';
import { ConfigError, RUN_PRESETS, resolveConfig, type RunConfig } from './run-config.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CommandIo } from './io.js';
import { Progress, formatSeconds, type OutputMode } from './progress.js';
import { dirname, join, resolve } from 'node:path';
import { runBenchmark } from './pipeline/run-benchmark.js';
import { runTextTrack } from './pipeline/text-track.js';
import { runVisionTrackStage } from './pipeline/vision-track-stage.js';

export const TRACKS = ['multimodal', 'llm', 'vision', 'all'] as const;
import { MissingDataError } from './pipeline/data-stage.js';
import { methodRuns } from './pipeline/method-stage.js';
import { resolveMethod } from '../unlearn/registry.js';
import { configureMethod } from '../unlearn/method-config.js';
import { loadMethodFiles, splitMethodFiles, type MethodSet } from './method-files.js';

export const RUN_HELP = `Usage: clearbench run [options]

Runs the whole CLEAR benchmark: data -> base -> target -> gold -> every unlearning method -> evaluation ->
results.json, results.csv, report.md and report.html. Every stage is cached under a content key, so a rerun
after an interruption (even kill -9) continues where it stopped.

Options:
  --config FILE        JSON config merged over the preset (any subset of the fields; see docs/config.md)
  --preset NAME        smoke | default | paper (default: default)
  --forget NN          01 | 05 | 10: share of people to forget (default: 10)
  --methods LIST       comma-separated methods, e.g. ga,gd,npo,scrub; "ga+l1" adds the L1 regulariser
  --modality MODE      joint | text | visual | all (default: joint)
  --data DIR           a CLEAR directory (the real Hugging Face parquet layout); default: generate one
  --out DIR            where results and reports go (default: runs/<preset>-forget<NN>)
  --seed N             seed of training and unlearning (default: 42)
  --seeds N            repeat unlearning and evaluation over N seeds (seed, seed+1, ...): mean, standard deviation,
                       error bars; base, target and gold train once (default: 1)
  --method-file FILE   a plug-in method (docs/methods.md), run and reported beside the built-ins; repeatable or
                       comma-separated; its name joins --methods
  --compat MODE        default | reference: reproduce the reference code's defects (SPEC section 5)
  --track TRACK        multimodal (default) | llm (text-only decoder on the QA) | vision (face classifier, U-LIRA)
                       | all (the three, each report in its own folder under --out)
  --lanes N            worker processes of one thread each for target/gold and the methods (default: one per
                       core; 1 runs everything in this process). Results do not depend on it
  --fresh              ignore cached stages and recompute everything
  --quiet              print nothing but errors
  --json               machine-readable progress events on stdout, one JSON object per line
  -h, --help           show this help

Exit codes: 0 success, 1 failure (a stage failed; finished stages stay cached), 2 bad usage.`;

export interface RunEnvironment {
  version: string;
  gemmPath: string;
  isTerminal: boolean;
  fallbackRefusals: readonly string[];
}

export async function runCommand(argv: string[], io: CommandIo, environment: RunEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { ...RUN_OPTIONS, forget: { type: 'string' }, track: { type: 'string' }, lanes: { type: 'string' } } });
  } catch (error) {
    io.stderr.write(`clearbench run: ${(error as Error).message}\n(see clearbench run --help)\n`);
    return EXIT_USAGE;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(`${RUN_HELP}\n`);
    return EXIT_OK;
  }
  let config: RunConfig;
  let methodSet: MethodSet;
  try {
    ({ config, methodSet } = await buildRunSetup(values));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`clearbench run: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const mode: OutputMode = values.json ? 'json' : values.quiet ? 'quiet' : 'human';
  const progress = new Progress(io, mode, environment.isTerminal && mode === 'human');
  const outDirectory = values.out ?? `runs/${config.preset}-forget${config.forget}`;
  const laneCount = values.lanes === undefined ? availableParallelism() : Number(values.lanes);
  if (!Number.isInteger(laneCount) || laneCount < 1) {
    io.stderr.write(`clearbench run: --lanes must be a positive integer, got '${values.lanes}'\n`);
    return EXIT_USAGE;
  }
  const track = values.track ?? 'multimodal';
  if (!(TRACKS as readonly string[]).includes(track)) {
    io.stderr.write(`clearbench run: unknown track '${track}' (allowed: ${TRACKS.join(', ')})\n`);
    return EXIT_USAGE;
  }
  try {
    const started = performance.now();
    const fresh = values.fresh ?? false;
    const common = { fresh, progress, version: environment.version, gemmPath: environment.gemmPath, fallbackRefusals: environment.fallbackRefusals };
    // With --track all, each track writes its own folder; a single track writes straight into --out.
    const folder = (name: string) => (track === 'all' ? join(outDirectory, name) : outDirectory);
    const written: string[] = [];
    if (track === 'multimodal' || track === 'all') {
      const lanes = laneCount > 1 ? createLanes(config, laneCount, fresh, progress) : undefined;
      await runBenchmark({ ...common, config, outDirectory: folder('multimodal'), methodSet, ...(lanes ? { lanes } : {}) });
      written.push(`${folder('multimodal')}/report.html`);
    }
    if (track === 'llm' || track === 'all') {
      await runTextTrack({ ...common, config, outDirectory: folder('llm') });
      written.push(`${folder('llm')}/report.html`);
    }
    if (track === 'vision' || track === 'all') {
      await runVisionTrackStage(config, folder('vision'), progress, fresh);
      written.push(`${folder('vision')}/vision-report.html`);
    }
    const seconds = (performance.now() - started) / 1000;
    progress.info(`\nDone in ${formatSeconds(seconds)}: ${written.join(', ')} (with report.md, results.json and results.csv beside each)`);
    if (mode === 'json') progress.event({ event: 'done', outDirectory, seconds });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof MissingDataError) {
      io.stderr.write(`clearbench run: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`clearbench run: ${(error as Error).message}\nFinished stages are kept in ${config.cacheDirectory}; rerun the same command to continue.\n`);
    return EXIT_FAILURE;
  }
}

// The options `run`, `forget` and `unlearn` share.
export const RUN_OPTIONS = {
  config: { type: 'string' }, preset: { type: 'string' }, methods: { type: 'string' },
  modality: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, seeds: { type: 'string' },
  compat: { type: 'string' }, 'method-file': { type: 'string', multiple: true }, fresh: { type: 'boolean' }, quiet: { type: 'boolean' },
  json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export type RunFlags = Partial<Record<'config' | 'preset' | 'forget' | 'methods' | 'modality' | 'data' | 'seed' | 'seeds' | 'compat', string>>
  & { 'method-file'?: string[] | undefined };

// The resolved config and the methods it may name (built-ins plus --method-file plug-ins, loaded and
// validated here). Every problem is a UsageError or ConfigError (exit code 2), raised before anything trains.
export async function buildRunSetup(values: RunFlags): Promise<{ config: RunConfig; methodSet: MethodSet }> {
  const config = buildConfig(values);
  const methodSet = await loadMethodFiles(config.methodFiles);
  for (const plugin of methodSet.plugins) {
    const named = config.methods.some((entry) => entry.replace(/\+l1$/, '') === plugin.method.name);
    if (!named) config.methods = [...config.methods, plugin.method.name];
  }
  // Unknown methods and options fail here, before hours of training, with the list of what exists.
  for (const run of methodRuns(config)) {
    try {
      const { name } = resolveMethod(run.method, methodSet.methods);
      configureMethod(run.method, config.methodOptions[run.method] ?? config.methodOptions[name] ?? {}, config.unlearn.compat, methodSet.methods);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return { config, methodSet };
}

function buildConfig(values: RunFlags): RunConfig {
  const preset = values.preset ?? 'default';
  if (!(preset in RUN_PRESETS)) throw new UsageError(`unknown preset '${preset}' (allowed: ${Object.keys(RUN_PRESETS).join(', ')})`);
  let fileConfig: Record<string, unknown> = {};
  if (values.config) {
    if (!existsSync(values.config)) throw new UsageError(`config file ${values.config} does not exist`);
    try {
      fileConfig = JSON.parse(readFileSync(values.config, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`config file ${values.config} is not valid JSON (${(error as Error).message})`);
    }
    if (fileConfig === null || typeof fileConfig !== 'object' || Array.isArray(fileConfig)) throw new ConfigError(`config file ${values.config} must hold a JSON object`);
  }
  const filePreset = typeof fileConfig['preset'] === 'string' ? fileConfig['preset'] : undefined;
  const chosenPreset = (values.preset ?? filePreset ?? 'default') as RunConfig['preset'];
  if (!(chosenPreset in RUN_PRESETS)) throw new ConfigError(`preset: unknown preset '${chosenPreset}' (allowed: ${Object.keys(RUN_PRESETS).join(', ')})`);
  const overrides: Record<string, unknown> = { ...fileConfig, preset: chosenPreset };
  if (values.forget) overrides['forget'] = values.forget.padStart(2, '0');
  if (values.methods) overrides['methods'] = values.methods.split(',').map((name) => name.trim()).filter(Boolean);
  if (values.modality) overrides['modality'] = values.modality;
  if (values.seed) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got '${values.seed}'`);
    overrides['seed'] = seed;
  }
  if (values.seeds) {
    const seeds = Number(values.seeds);
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > 100) throw new UsageError(`--seeds must be an integer from 1 to 100, got '${values.seeds}'`);
    overrides['seeds'] = seeds;
  }
  // Plug-in files named in a config file are relative to that file; on the command line, to the directory
  // the command runs in.
  const configBase = values.config ? dirname(resolve(values.config)) : process.cwd();
  const fromFile = fileConfig['methodFiles'] ?? [];
  if (!Array.isArray(fromFile) || !fromFile.every((file): file is string => typeof file === 'string')) {
    throw new ConfigError('methodFiles: expected an array of file paths');
  }
  const methodFiles = [...fromFile.map((file) => resolve(configBase, file)), ...splitMethodFiles(values['method-file']).map((file) => resolve(file))];
  overrides['methodFiles'] = [...new Set(methodFiles)];
  if (values.data) overrides['data'] = { ...(fileConfig['data'] as object | undefined), directory: values.data };
  if (values.compat) overrides['unlearn'] = { ...(fileConfig['unlearn'] as object | undefined), compat: values.compat };
  return resolveConfig(chosenPreset, overrides);
}
