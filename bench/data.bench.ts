import { availableParallelism, tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generateClear } from '../src/data/generate-clear.js';

// Time to generate the default synthetic CLEAR (200 people, 64x64 pictures). Goal: <= 30 s on 2 cores.
// Prints one JSON line on stdout; progress goes to stderr.

const people = 200;
const dir = await mkdtemp(join(tmpdir(), 'clearbench-data-bench-'));
try {
  const started = performance.now();
  let lastStage = '';
  await generateClear({
    out: dir,
    seed: 42,
    people,
    onProgress: (progress) => {
      if (progress.stage === lastStage) return;
      lastStage = progress.stage;
      process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s: ${progress.stage}\n`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ name: 'data-generate', people, seconds: Number(seconds.toFixed(2)), cores: availableParallelism() })}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
