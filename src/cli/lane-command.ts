import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CommandIo } from './io.js';
import { loadMethodFiles } from './method-files.js';
import { runLaneJob, type LaneJob } from './pipeline/run-benchmark.js';
import { Progress } from './progress.js';
import { runConfigSchema } from './run-config.js';
import type { RunEnvironment } from './run.js';

// `clearbench lane`: one worker of `clearbench run --lanes N` (src/cli/lanes.ts), not meant to be typed.
// It computes one job into the stage cache and reports progress as JSON events on stdout.
export async function laneCommand(argv: string[], io: CommandIo, environment: RunEnvironment): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'string' }, job: { type: 'string' }, fresh: { type: 'boolean' } } }));
  } catch (error) {
    io.stderr.write(`clearbench lane: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (!values.config || !values.job) {
    io.stderr.write('clearbench lane: --config FILE and --job JSON are required (this command is run by clearbench run)\n');
    return EXIT_USAGE;
  }
  // Stop when the run that started this lane is gone (its IPC channel closes, even after kill -9).
  process.on('disconnect', () => process.exit(EXIT_FAILURE));
  process.channel?.unref(); // ...without the channel keeping this process alive once the job is done
  const config = runConfigSchema.parse(JSON.parse(readFileSync(values.config, 'utf8')));
  const job = JSON.parse(values.job) as LaneJob;
  const methodSet = await loadMethodFiles(config.methodFiles);
  const progress = new Progress(io, 'json', false);
  try {
    await runLaneJob(job, { config, fresh: values.fresh ?? false, progress, fallbackRefusals: environment.fallbackRefusals, methodSet });
  } catch (error) {
    // One line: the run that started this lane shows it as the reason.
    io.stderr.write(`${(error as Error).message.replaceAll('\n', ' ')}\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
