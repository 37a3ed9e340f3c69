// `clearbench report`, `clearbench leaderboard` and `clearbench gate`: everything that reads results.json files.
// Exit codes: 0 ok, 1 failure (an invalid results file, a failed gate), 2 bad usage (an unknown option, a missing
// directory or method).
import { mkdir } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { describeCriterion, evaluateGate, GateError, junitXml } from '../report/gate.js';
import type { GateOptions } from '../report/gate.js';
import { leaderboardEntries, leaderboardHtml, leaderboardMarkdown } from '../report/leaderboard.js';
import { readResults, ResultsError } from '../report/results.js';
import type { Results } from '../report/results.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import { writeReports } from '../report/write-reports.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './io.js';
import type { CommandIo } from './io.js';

export const reportHelp = `Usage: clearbench report RESULTS_DIR [--out DIR]

Rebuilds report.md, report.html and results.csv from RESULTS_DIR/results.json.

Options:
  --out DIR   write the reports here instead of RESULTS_DIR
  -h, --help  show this help
`;

export const leaderboardHelp = `Usage: clearbench leaderboard RESULTS_DIR... [--out DIR] [--submitted-by NAME]

Merges the methods of several runs into one table (method, settings, forget split, preset, who submitted it),
grouped by track and forget split and ordered by forget quality, then model utility.

Options:
  --out DIR             write leaderboard.md and leaderboard.html here (default: print the Markdown)
  --submitted-by NAME   submitter for runs whose config has no "submittedBy"
                        (default: $CLEARBENCH_SUBMITTED_BY, then $USER)
  -h, --help            show this help
`;

export const gateHelp = `Usage: clearbench gate RESULTS_DIR --method NAME [--min-forget-quality X] [--max-utility-drop Y]
                      [--max-mia-auc Z] [--junit FILE]

Checks one method of a run against bounds; exits 0 when every criterion holds, 1 otherwise, printing one line
per failed criterion with its measured value and bound. A criterion that was not measured fails.

Options:
  --method NAME              the method's label (e.g. "GA + L1") or its registry name if only one method has it
  --min-forget-quality X     forget quality (KS p-value against the gold model) must be >= X
  --max-utility-drop Y       (target utility - method utility) / target utility must be <= Y (0.1 = 10%)
  --max-mia-auc Z            strongest membership-inference AUC, folded to >= 0.5, must be <= Z
  --junit FILE               also write the criteria as JUnit XML to FILE
  -h, --help                 show this help
At least one criterion is required.
`;

// parseArgs throws a TypeError for an unknown option or a missing value: that is bad usage, exit code 2.
function parse<Options extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

const help = { type: 'boolean', short: 'h' } as const;

async function loadResults(directory: string): Promise<Results> {
  try {
    return await readResults(directory);
  } catch (error) {
    if (error instanceof ResultsError && error.missing) throw new UsageError(error.message);
    throw error;
  }
}

// Runs a handler, turning its errors into a short message on stderr and an exit code.
async function guarded(io: CommandIo, command: string, handler: () => Promise<number>): Promise<number> {
  try {
    return await handler();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || error instanceof GateError) {
      io.stderr.write(`clearbench ${command}: ${message} (see clearbench ${command} --help)\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`clearbench ${command}: ${message}\n`);
    return EXIT_FAILURE;
  }
}

function stringOption(value: string | boolean | (string | boolean)[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function reportCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return guarded(io, 'report', async () => {
    const { values, positionals } = parse(argv, { out: { type: 'string' }, help });
    if (values.help) {
      io.stdout.write(reportHelp);
      return EXIT_OK;
    }
    if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('give exactly one RESULTS_DIR');
    const directory = positionals[0];
    const results = await loadResults(directory);
    const written = await writeReports(results, stringOption(values.out) ?? directory);
    for (const path of written) io.stdout.write(`${path}\n`);
    return EXIT_OK;
  });
}

export function leaderboardCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return guarded(io, 'leaderboard', async () => {
    const { values, positionals } = parse(argv, { out: { type: 'string' }, 'submitted-by': { type: 'string' }, help });
    if (values.help) {
      io.stdout.write(leaderboardHelp);
      return EXIT_OK;
    }
    if (positionals.length === 0) throw new UsageError('give at least one RESULTS_DIR');
    const runs = [];
    for (const directory of positionals) runs.push({ results: await loadResults(directory), source: directory });
    const submittedBy = stringOption(values['submitted-by']) ?? process.env['CLEARBENCH_SUBMITTED_BY'] ?? process.env['USER'];
    const entries = leaderboardEntries(runs, submittedBy === undefined ? {} : { submittedBy });
    const out = stringOption(values.out);
    if (out === undefined) {
      io.stdout.write(leaderboardMarkdown(entries));
      return EXIT_OK;
    }
    await mkdir(out, { recursive: true });
    for (const [name, contents] of [['leaderboard.md', leaderboardMarkdown(entries)], ['leaderboard.html', leaderboardHtml(entries)]] as const) {
      await writeFileAtomic(join(out, name), contents);
      io.stdout.write(`${join(out, name)}\n`);
    }
    return EXIT_OK;
  });
}

function boundOption(values: Record<string, string | boolean | (string | boolean)[] | undefined>, name: string): number | undefined {
  const text = stringOption(values[name]);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

export function gateCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return guarded(io, 'gate', async () => {
    const { values, positionals } = parse(argv, {
      method: { type: 'string' }, 'min-forget-quality': { type: 'string' }, 'max-utility-drop': { type: 'string' },
      'max-mia-auc': { type: 'string' }, junit: { type: 'string' }, help,
    });
    if (values.help) {
      io.stdout.write(gateHelp);
      return EXIT_OK;
    }
    if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('give exactly one RESULTS_DIR');
    const method = stringOption(values.method);
    if (method === undefined) throw new UsageError('--method NAME is required');
    const options: GateOptions = { method };
    const minForgetQuality = boundOption(values, 'min-forget-quality');
    const maxUtilityDrop = boundOption(values, 'max-utility-drop');
    const maxMiaAuc = boundOption(values, 'max-mia-auc');
    if (minForgetQuality !== undefined) options.minForgetQuality = minForgetQuality;
    if (maxUtilityDrop !== undefined) options.maxUtilityDrop = maxUtilityDrop;
    if (maxMiaAuc !== undefined) options.maxMiaAuc = maxMiaAuc;
    if (minForgetQuality === undefined && maxUtilityDrop === undefined && maxMiaAuc === undefined) {
      throw new UsageError('give at least one criterion: --min-forget-quality, --max-utility-drop or --max-mia-auc');
    }
    const results = await loadResults(positionals[0]);
    const criteria = evaluateGate(results, options);
    const junit = stringOption(values.junit);
    if (junit !== undefined) await writeFileAtomic(resolve(junit), junitXml(criteria, { method, timestamp: results.run.createdAt }));
    const failed = criteria.filter((criterion) => !criterion.pass);
    for (const criterion of failed) io.stdout.write(`${describeCriterion(criterion)}\n`);
    io.stdout.write(failed.length === 0
      ? `gate passed: ${method}, ${criteria.length} criteria hold\n`
      : `gate failed: ${method}, ${failed.length} of ${criteria.length} criteria failed\n`);
    return failed.length === 0 ? EXIT_OK : EXIT_FAILURE;
  });
}
