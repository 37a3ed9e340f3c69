import type { Progress } from '../progress.js';
import type { RunConfig } from '../run-config.js';
import { ensureData } from './data-stage.js';
import { runVisionTrack, type VisionTrackResults } from './vision-track.js';
import { writeVisionTrackReports } from './vision-track-report.js';

// `clearbench run --track vision`: the face classifier track on the same generated (or real) CLEAR, with
// its own report beside the multimodal one.
export async function runVisionTrackStage(config: RunConfig, outDirectory: string, progress: Progress, fresh: boolean): Promise<VisionTrackResults> {
  const dataDirectory = await ensureData(config, progress, fresh);
  progress.startStage('vision track');
  const results = await runVisionTrack({
    dataDirectory,
    seed: config.seed,
    preset: config.preset === 'smoke' ? 'smoke' : 'default',
    cacheDirectory: fresh ? null : config.cacheDirectory,
    onProgress: (event) => progress.update({ done: event.done, total: event.total, detail: `${event.stage} ${event.detail}` }),
  });
  writeVisionTrackReports(results, outDirectory);
  progress.endStage(`${results.methods.length} methods, ${results.splits} splits`);
  return results;
}
