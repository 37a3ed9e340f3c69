import { parentPort, workerData } from 'node:worker_threads';
import { renderJob } from './render-jobs.js';
import type { RenderJob } from './render-jobs.js';

// Worker entry of RenderPool: draws batches of jobs and sends the PNG bytes back (transferred, not copied).

interface Setup {
  seed: number;
  size: number;
}

const setup = workerData as Setup;
parentPort?.on('message', (message: { batch: number; jobs: RenderJob[] }) => {
  const images = message.jobs.map((job) => renderJob(job, setup.seed, setup.size));
  parentPort?.postMessage({ batch: message.batch, images }, images.map((image) => image.buffer as ArrayBuffer));
});
