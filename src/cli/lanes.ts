import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../model/atomic.js';
import type { LaneJob, Lanes } from './pipeline/run-benchmark.js';
import type { Progress } from './progress.js';
import type { RunConfig } from './run-config.js';

// Parallel lanes: worker processes of one OpenMP thread each, every one computing part of the run into the
// stage cache, which the run then reads back. At this model's size a training step gains nothing from a
// second thread (kernels are too small to split well, and about a quarter of a step is JavaScript), so two
// one-thread processes do twice the work of one two-thread process. Results do not depend on the lanes.

const mainScript = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

interface LaneState {
  stage: string;
  done: number;
  total: number;
}

export function createLanes(config: RunConfig, count: number, fresh: boolean, progress: Progress): Lanes {
  const directory = join(config.cacheDirectory, 'lanes');
  mkdirSync(directory, { recursive: true });
  const configText = JSON.stringify(config);
  const configFile = join(directory, `config-${createHash('sha256').update(configText).digest('hex').slice(0, 16)}.json`);
  writeFileAtomic(configFile, configText);
  return {
    count,
    async run(jobs: LaneJob[], title: string): Promise<void> {
      const states: LaneState[] = jobs.map(() => ({ stage: 'starting', done: 0, total: 1 }));
      progress.startStage(title, `${jobs.length} lanes`);
      // The bar sums the lanes' current stages, an approximation while stages of different lengths follow one another.
      const show = () => progress.update({
        done: states.reduce((sum, state) => sum + state.done, 0),
        total: states.reduce((sum, state) => sum + state.total, 0),
        detail: states.map((state, index) => `${index + 1}: ${state.stage} ${state.done}/${state.total}`).join(' · '),
      });
      const outcomes = await Promise.allSettled(jobs.map((job, index) => runLane(job, configFile, fresh, (event) => {
        const state = states[index]!;
        if (event['event'] === 'stage-start') Object.assign(state, { stage: String(event['stage']), done: 0, total: 1 });
        if (event['event'] === 'progress') Object.assign(state, { done: Number(event['done']), total: Number(event['total']) });
        if (event['event'] === 'stage-end' && event['stage'] !== 'load data') progress.info(`  ✓ ${String(event['stage']).padEnd(20)} ${Number(event['seconds']).toFixed(0)} s  ${String(event['summary'] ?? '')}`);
        show();
      })));
      const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [`lane ${index + 1} (${describe(jobs[index]!)}): ${(outcome.reason as Error).message}`] : []));
      if (failures.length > 0) throw new Error(failures.join('\n'));
      progress.endStage();
    },
  };
}

function describe(job: LaneJob): string {
  return job.kind === 'reference' ? job.stage : job.methods.join(', ');
}

// One worker process; resolves when it exits cleanly, rejects with the end of its error output otherwise.
function runLane(job: LaneJob, configFile: string, fresh: boolean, onEvent: (event: Record<string, unknown>) => void): Promise<void> {
  const args = ['--import', tsxLoader, mainScript, 'lane', '--config', configFile, '--job', JSON.stringify(job), ...(fresh ? ['--fresh'] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    // The IPC channel closes when this process dies, even by kill -9; the lane then stops too.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const { stdout, stderr } = child;
  if (!stdout || !stderr) throw new Error('lane: no output pipes');
  let errorTail = '';
  stderr.on('data', (chunk: Buffer) => (errorTail = (errorTail + chunk.toString('utf8')).slice(-4000)));
  let pending = '';
  stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        onEvent(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not an event line
      }
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(errorTail.trim().split('\n').at(-1) || `exited with ${signal ?? `code ${code}`}`));
    });
  });
}
