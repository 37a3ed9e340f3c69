// The vision track end to end: per method, accuracies (mean over splits), U-LIRA and time, one JSON line
// each on stdout; progress on stderr. Without a dataset directory it generates a 200-person CLEAR first.
// The native backend's thread count is the third argument (default: as the engine starts).
//   node --import tsx bench/vision-track.bench.ts [default|smoke] [dataDirectory|-] [threads]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineState } from '../src/engine/index.js';
import { nativeModule } from '../src/engine/backends/default.js';
import { generateClear } from '../src/data/generate-clear.js';
import { runVisionTrack } from '../src/cli/pipeline/vision-track.js';

const preset = process.argv[2] === 'smoke' ? 'smoke' : 'default';
const requestedThreads = process.argv[4] ? Number(process.argv[4]) : null;
if (requestedThreads !== null && engineState.backend.name === 'native') nativeModule().setThreads(requestedThreads);
const threads = engineState.backend.name === 'native' ? nativeModule().threads() : 1;
const scratch = mkdtempSync(join(tmpdir(), 'clearbench-vision-bench-'));
try {
  let dataDirectory = process.argv[3] === '-' ? undefined : process.argv[3];
  if (!dataDirectory) {
    dataDirectory = join(scratch, 'data');
    console.error(`generating a synthetic CLEAR in ${dataDirectory}`);
    await generateClear({ out: dataDirectory, seed: 1, people: preset === 'smoke' ? 8 : 200 });
  }
  const started = performance.now();
  let lastLine = '';
  const results = await runVisionTrack({
    dataDirectory, seed: 42, preset, cacheDirectory: null,
    onProgress: (event) => {
      const line = `${event.stage} ${event.stage === 'pretrain' ? '' : event.detail}`;
      if (line !== lastLine) console.error(`${((performance.now() - started) / 1000).toFixed(1)}s ${line}`);
      lastLine = line;
    },
  });
  const round = (value: number) => Number(value.toFixed(4));
  const shape = `${results.people} people, ${results.imageSize}px, ${results.splits} splits + ${results.shadowModels} shadows`;
  for (const method of results.methods) {
    console.log(JSON.stringify({
      name: 'vision-track', method: method.method, preset, backend: engineState.backend.name, threads, shape,
      forgetAccuracy: round(method.forgetAccuracy.mean), forgetAccuracyStd: round(method.forgetAccuracy.std),
      retainAccuracy: round(method.retainAccuracy.mean), retainAccuracyStd: round(method.retainAccuracy.std),
      testAccuracy: round(method.testAccuracy.mean), testAccuracyStd: round(method.testAccuracy.std),
      uLiraAccuracy: method.uLira ? round(method.uLira.accuracy) : null, uLiraAuc: method.uLira ? round(method.uLira.auc) : null,
      uLiraReferenceAccuracy: method.uLiraReference ? round(method.uLiraReference.accuracy) : null,
      uLiraReferenceAuc: method.uLiraReference ? round(method.uLiraReference.auc) : null,
      secondsPerModel: round(method.secondsPerModel), seconds: round(method.seconds),
    }));
  }
  console.log(JSON.stringify({
    name: 'vision-track-total', preset, backend: engineState.backend.name, threads, shape,
    pretrainSeconds: results.pretraining ? round(results.pretraining.seconds) : null, finetuneSeconds: round(results.finetuning.seconds),
    seconds: round(results.seconds), notes: results.notes,
  }));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
