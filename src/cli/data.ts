import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { renderContactSheet } from '../data/contact-sheet.js';
import { DataError, formatProblem } from '../data/data-error.js';
import { generateClear } from '../data/generate-clear.js';
import type { GenerateProgress } from '../data/generate-clear.js';
import { writeFileAtomic } from '../data/parquet-table.js';
import { readCaptionConfig } from '../data/read-config.js';
import { inspectClear } from '../data/validate-clear.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './io.js';
import type { CommandIo } from './io.js';

const HELP = `Usage: clearbench data <generate|inspect|preview> [options]

  generate   write a synthetic CLEAR (every config of the real dataset, plus TOFU-style QA and extras)
  inspect    one line per config: rows, column types and every problem found
  preview    a contact sheet: a row of pictures per person, with the name

Run 'clearbench data <subcommand> --help' for its options.`;

const GENERATE_HELP = `Usage: clearbench data generate --out DIR [--seed N] [--people N] [--image-size N] [--workers N]

Writes a synthetic CLEAR in the Hugging Face layout (DIR/<config>/train-00000-of-00001.parquet), TOFU-style
QA with perturbations (DIR/tofu/) and our extras (DIR/extra/). At 200 people every config has the real
dataset's row count; other sizes scale in proportion. The same seed gives byte-identical files.

Options:
  --out DIR         output directory (created if needed; files in it are replaced)
  --seed N          random seed (default 42)
  --people N        fictitious people, at least 2 (default 200)
  --image-size N    side of the square PNG pictures (default 64)
  --workers N       threads that draw pictures (default: by core count; the output never depends on it)
  -h, --help        show this help`;

const INSPECT_HELP = `Usage: clearbench data inspect DIR

Reads every config of a CLEAR directory (generated or the real parquet files), decodes every picture and
checks the forget/retain splits. Prints one line per config (name, rows, column types) and each problem with
its file, 0-based row and column. Exits 1 when any problem is found.

Options:
  -h, --help        show this help`;

const PREVIEW_HELP = `Usage: clearbench data preview DIR --out sheet.png [--people K] [--images K] [--resolution N]

Draws a contact sheet from the 'full' config: one row per person (the first K people), with the name.

Options:
  --out FILE        PNG to write
  --people K        people to show (default 12)
  --images K        pictures per person (default 10)
  --resolution N    shrink pictures to N x N first, to see what a model at that resolution sees
  -h, --help        show this help`;

class UsageError extends Error {}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

function integer(name: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text) || Number(text) < minimum) throw new UsageError(`--${name} must be an integer >= ${minimum}, got '${text}'`);
  return Number(text);
}

async function generate(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      people: { type: 'string' },
      'image-size': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${GENERATE_HELP}\n`);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.out === undefined) throw new UsageError('--out DIR is required');
  const seed = integer('seed', values.seed, 42, Number.MIN_SAFE_INTEGER);
  const people = integer('people', values.people, 200, 2);
  const imageSize = integer('image-size', values['image-size'], 64, 16);
  const workers = values.workers === undefined ? undefined : integer('workers', values.workers, 1, 0);
  const started = performance.now();
  let lastStage = '';
  const onProgress = (progress: GenerateProgress) => {
    if (progress.stage !== lastStage || progress.done === progress.total) {
      io.stderr.write(`${progress.stage}: ${progress.done}/${progress.total}\n`);
      lastStage = progress.stage;
    }
  };
  await generateClear({ out: values.out, seed, people, imageSize, onProgress, ...(workers === undefined ? {} : { workers }) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout.write(`wrote a synthetic CLEAR (${people} people, seed ${seed}) to ${values.out} in ${seconds} s\n`);
  return EXIT_OK;
}

async function inspect(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.stdout.write(`${INSPECT_HELP}\n`);
    return EXIT_OK;
  }
  const [dir, extra] = positionals;
  if (dir === undefined) throw new UsageError('the dataset directory is required');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  if (!(await isDirectory(dir))) throw new Error(`${dir} is not a directory`);
  const reports = await inspectClear(dir);
  const width = Math.max(...reports.map((report) => report.config.length));
  let problems = 0;
  for (const report of reports) {
    const rows = report.rows === null ? '-' : String(report.rows);
    const columns = report.columns.map((column) => `${column.name}: ${column.type}`).join(', ');
    const status = report.problems.length === 0 ? 'ok' : `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`;
    io.stdout.write(`${report.config.padEnd(width)}  ${rows.padStart(5)} rows  ${status}${columns ? `  ${columns}` : ''}\n`);
    for (const problem of report.problems) io.stdout.write(`  ${formatProblem(problem)}\n`);
    problems += report.problems.length;
  }
  io.stdout.write(problems === 0 ? `${dir}: valid\n` : `${dir}: ${problems} problem${problems === 1 ? '' : 's'}\n`);
  return problems === 0 ? EXIT_OK : EXIT_FAILURE;
}

async function preview(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      people: { type: 'string' },
      images: { type: 'string' },
      resolution: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${PREVIEW_HELP}\n`);
    return EXIT_OK;
  }
  const [dir, extra] = positionals;
  if (dir === undefined) throw new UsageError('the dataset directory is required');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  if (values.out === undefined) throw new UsageError('--out sheet.png is required');
  const peopleCount = integer('people', values.people, 12, 1);
  const imagesPerPerson = integer('images', values.images, 10, 1);
  const resolution = values.resolution === undefined ? undefined : integer('resolution', values.resolution, 64, 4);
  const byName = new Map<string, Uint8Array[]>();
  for (const row of await readCaptionConfig(dir, 'full')) {
    const images = byName.get(row.name) ?? [];
    if (!byName.has(row.name) && byName.size >= peopleCount) continue;
    if (images.length < imagesPerPerson) images.push(row.image.bytes);
    byName.set(row.name, images);
  }
  const rows = [...byName].map(([label, images]) => ({ label, images }));
  const sheet = await renderContactSheet(rows, { cellSize: 64, ...(resolution === undefined ? {} : { resolution }) });
  await writeFileAtomic(values.out, sheet);
  io.stdout.write(`wrote ${values.out} (${rows.length} people)\n`);
  return EXIT_OK;
}

/** `clearbench data ...`: returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function dataCommand(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const [subcommand, ...rest] = argv;
  const commands: Record<string, (args: string[], commandIo: CommandIo) => Promise<number>> = { generate, inspect, preview };
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
    io.stdout.write(`${HELP}\n`);
    return subcommand === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = commands[subcommand];
  if (command === undefined) {
    io.stderr.write(`clearbench data: unknown subcommand '${subcommand}' (generate, inspect, preview)\n`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    const isUsage = error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    if (isUsage) {
      io.stderr.write(`clearbench data ${subcommand}: ${error.message}\n(see clearbench data ${subcommand} --help)\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof DataError || error instanceof Error ? error.message : String(error);
    io.stderr.write(`clearbench data ${subcommand}: ${message}\n`);
    return EXIT_FAILURE;
  }
}
