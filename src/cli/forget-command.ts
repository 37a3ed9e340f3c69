import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import { formatFraction, formatPValue, formatSeconds as formatDuration, missing } from '../report/format.js';
import { ForgetRequestError } from '../train/custom-forget.js';
import { buildAudit, type AuditReport } from './audit/audit-data.js';
import { auditHtml } from './audit/audit-html.js';
import { auditMarkdown, signedFraction } from './audit/audit-markdown.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CommandIo } from './io.js';
import type { MethodSet } from './method-files.js';
import { MissingDataError } from './pipeline/data-stage.js';
import { runBenchmarkDetailed } from './pipeline/run-benchmark.js';
import { Progress, formatSeconds, type OutputMode } from './progress.js';
import { ConfigError, type RunConfig } from './run-config.js';
import { buildRunSetup, RUN_OPTIONS, type RunEnvironment } from './run.js';

export const FORGET_HELP = `Usage: clearbench forget --people "Name A,Name B" [options]

Answers a right-to-be-forgotten request: the named people's pictures and QA rows become the forget set, everyone
else the retain set. Reuses the cached base and target models of the same preset and data (the target learned
everyone), retrains a gold model without the named people, runs the methods and evaluates them on those people.
Writes, in --out: results.json (forgetSplit "custom"), report.md, report.html, results.csv, and the audit:
audit.md, audit.html and audit.json (per person: questions and pictures with the answers before and after each
method; forget quality, membership-inference AUC against held-out people, change in utility, time; the exact
config, seeds, code version and data hashes, and the command that re-runs it), plus audit-config.json.

Options:
  --people LIST        comma-separated names, as the dataset's "name" column spells them (case-insensitive)
  --methods LIST       methods to run (default: the preset's, every built-in)
  --preset NAME        smoke | default | paper (default: default)
  --data DIR           a CLEAR directory (the real parquet layout); default: the generated one
  --out DIR            where the results and the audit go (default: runs/forget-<names>)
  --config FILE        JSON config merged over the preset
  --seed N, --seeds N  seed, and how many seeds to repeat unlearning and evaluation over
  --modality MODE      joint | text | visual | all (default: joint)
  --compat MODE        default | reference
  --method-file FILE   a plug-in method (docs/methods.md)
  --fresh              ignore cached stages
  --quiet | --json     print nothing but errors | JSON progress events
  -h, --help           show this help

Exit codes: 0 done, 1 a stage failed, 2 bad usage (an unknown name: the closest names are suggested).`;

const shellQuote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export function splitPeople(list: string): string[] {
  return list.split(',').map((name) => name.trim()).filter(Boolean);
}

export async function forgetCommand(argv: string[], io: CommandIo, environment: RunEnvironment, workingDirectory: string): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { ...RUN_OPTIONS, people: { type: 'string' } } }));
  } catch (error) {
    io.stderr.write(`clearbench forget: ${(error as Error).message}\n(see clearbench forget --help)\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(`${FORGET_HELP}\n`);
    return EXIT_OK;
  }
  const people = splitPeople(values.people ?? '');
  let config: RunConfig;
  let methodSet: MethodSet;
  try {
    if (people.length === 0) throw new UsageError('--people is required: the names to forget, comma-separated');
    ({ config, methodSet } = await buildRunSetup(values));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`clearbench forget: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const mode: OutputMode = values.json ? 'json' : values.quiet ? 'quiet' : 'human';
  const progress = new Progress(io, mode, environment.isTerminal && mode === 'human');
  const slug = people.map((name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')).join('+');
  const givenOut = values.out ?? `runs/forget-${slug}`;
  const outDirectory = resolve(givenOut);
  try {
    const outcome = await runBenchmarkDetailed({
      config, outDirectory, fresh: values.fresh ?? false, progress, version: environment.version, gemmPath: environment.gemmPath,
      fallbackRefusals: environment.fallbackRefusals, methodSet, forgetRequest: { people },
    });
    const resolvedPeople = outcome.results.run.forgetPeople ?? people;
    // The config as run, with its paths made absolute, so the re-run command works from any directory.
    const auditConfig = {
      ...config, cacheDirectory: resolve(config.cacheDirectory),
      data: { ...config.data, directory: config.data.directory === null ? null : resolve(config.data.directory) },
    };
    const configFile = join(outDirectory, 'audit-config.json');
    mkdirSync(outDirectory, { recursive: true });
    await writeFileAtomic(configFile, `${JSON.stringify(auditConfig, null, 2)}\n`);
    const audit = buildAudit({
      outcome, workingDirectory,
      command: ['clearbench', 'forget', ...argv].map(shellQuote).join(' '),
      rerunCommand: ['clearbench', 'forget', '--people', resolvedPeople.join(','), '--config', configFile, '--out', `${outDirectory}-rerun`].map(shellQuote).join(' '),
      configFile,
    });
    const { pictures: _pictures, ...withoutPictures } = audit;
    await writeFileAtomic(join(outDirectory, 'audit.json'), `${JSON.stringify(withoutPictures, null, 2)}\n`);
    await writeFileAtomic(join(outDirectory, 'audit.md'), auditMarkdown(audit));
    await writeFileAtomic(join(outDirectory, 'audit.html'), auditHtml(audit));
    if (mode === 'human') io.stdout.write(summaryText(audit, givenOut));
    progress.info(`\nDone in ${formatSeconds(outcome.results.run.totalSeconds)}: ${givenOut}/audit.md, audit.html, report.html, results.json`);
    if (mode === 'json') progress.event({ event: 'done', outDirectory, seconds: outcome.results.run.totalSeconds, audit: join(outDirectory, 'audit.md') });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ForgetRequestError || error instanceof MissingDataError) {
      io.stderr.write(`clearbench forget: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`clearbench forget: ${(error as Error).message}\nFinished stages are kept in ${config.cacheDirectory}; rerun the same command to continue.\n`);
    return EXIT_FAILURE;
  }
}

// What the terminal shows at the end: one line per model, the evidence a privacy team asks for first.
function summaryText(audit: AuditReport, outDirectory: string): string {
  const width = Math.max(8, ...audit.models.map((model) => model.label.length));
  const header = `${'model'.padEnd(width)}  ${'forget quality'.padStart(14)}  ${'MIA AUC'.padStart(7)}  ${'utility'.padStart(7)}  ${'Δ utility'.padStart(9)}  time`;
  const lines = audit.models.map((model) => [
    model.label.padEnd(width), formatPValue(model.forgetQualityKs).padStart(14), formatFraction(model.miaAuc).padStart(7),
    formatFraction(model.modelUtility).padStart(7), (model.kind === 'target' ? missing : signedFraction(model.utilityChange)).padStart(9),
    model.kind === 'target' ? missing : formatDuration(model.seconds),
  ].join('  '));
  const split = audit.split;
  return [
    `Forget request: ${audit.people.join(', ')}: ${split.forgetPictures} pictures${split.qaMapped ? `, ${split.forgetQaRows} QA rows` : ''} forgotten, ${split.retainSamples} retain samples`,
    header, ...lines,
    `Audit: ${join(outDirectory, 'audit.md')} (and audit.html, audit.json)`, '',
  ].join('\n');
}
