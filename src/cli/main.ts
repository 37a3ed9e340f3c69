import { readFileSync } from 'node:fs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CommandIo } from './io.js';
import { runCommand } from './run.js';
import { laneCommand } from './lane-command.js';
import { forgetCommand } from './forget-command.js';
import { unlearnCommand } from './unlearn-command.js';
import { evalCommand } from './eval-command.js';
import { dataCommand } from './data.js';
import { gateCommand, leaderboardCommand, reportCommand } from './report-commands.js';
import { configureEngine } from './engine-setup.js';
import { refusalAnswers } from '../data/idk.js';

const HELP = `Usage: clearbench <command> [options]

CLEAR, the multimodal machine-unlearning benchmark.

Commands:
  run           the whole benchmark: data, base/target/gold models, every method, evaluation, reports
  forget        a right-to-be-forgotten request for named people: run the methods, write an audit report
  unlearn       run one unlearning method on the cached target and write the unlearned checkpoint
  data          generate, inspect or preview a CLEAR dataset
  eval          evaluate one checkpoint on every task (our JSON and the reference's layout)
  report        rebuild report.md / report.html / results.csv from a results.json
  leaderboard   merge several runs into one table
  gate          pass/fail a run against thresholds (for CI pipelines)

Run 'clearbench <command> --help' for a command's options.
Environment: CLEARBENCH_BACKEND=native|js picks the tensor backend; CLEARBENCH_GEMM=builtin forces the built-in GEMM.`;

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${HELP}\n`);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  let gemmPath: string;
  try {
    gemmPath = configureEngine(process.env);
  } catch (error) {
    io.stderr.write(`clearbench: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const runEnvironment = { version, gemmPath, isTerminal: Boolean(process.stderr.isTTY), fallbackRefusals: refusalAnswers() };
  switch (command) {
    case 'run':
      return runCommand(rest, io, runEnvironment);
    case 'forget':
      return forgetCommand(rest, io, runEnvironment, process.cwd());
    case 'unlearn':
      return unlearnCommand(rest, io, runEnvironment);
    case 'data':
      return dataCommand(rest, io);
    case 'eval':
      return evalCommand(rest, io);
    case 'report':
      return reportCommand(rest, io);
    case 'leaderboard':
      return leaderboardCommand(rest, io);
    case 'gate':
      return gateCommand(rest, io);
    case 'lane':
      return laneCommand(rest, io, runEnvironment);
    default:
      io.stderr.write(`clearbench: unknown command '${command}' (commands: run, forget, unlearn, data, eval, report, leaderboard, gate; see clearbench --help)\n`);
      return EXIT_USAGE;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
} catch (error) {
  process.stderr.write(`clearbench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = EXIT_FAILURE;
}
