import { Worker } from 'node:worker_threads';
import { renderJob } from './render-jobs.js';
import type { RenderJob } from './render-jobs.js';
import type { ImageCell } from './schema.js';

const BATCH_SIZE = 24;

/**
 * Starts render-worker. Run from TypeScript sources (under tsx), a worker thread does not inherit the
 * parent's module loader, so it registers tsx itself before importing the worker module.
 */
function startWorker(workerData: { seed: number; size: number }): Worker {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./render-worker${extension}`, import.meta.url);
  if (extension === '.js') return new Worker(entry, { workerData });
  const loader = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
const BATCHES_IN_FLIGHT_PER_WORKER = 3;

interface Batch {
  cells: ImageCell[];
  jobs: RenderJob[];
}

/**
 * Draws pictures on worker threads (or inline with `workers` <= 1). `cell` hands back an image cell at once;
 * its bytes are filled in when the picture is drawn, and `finish` waits for all of them.
 */
export class RenderPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { batch: Batch; resolve: () => void; reject: (error: Error) => void }>();
  private readonly inFlight: Promise<void>[] = [];
  private current: Batch = { cells: [], jobs: [] };
  private nextBatch = 0;
  private failure: Error | null = null;

  constructor(
    private readonly seed: number,
    private readonly size: number,
    workerCount: number,
  ) {
    for (let index = 0; index < workerCount && workerCount > 1; index++) {
      const worker = startWorker({ seed, size });
      worker.on('message', (message: { batch: number; images: Uint8Array[] }) => this.receive(message.batch, message.images));
      worker.on('error', (error) => this.fail(error));
      this.workers.push(worker);
    }
  }

  async cell(job: RenderJob, path: string): Promise<ImageCell> {
    if (this.failure !== null) throw this.failure;
    const cell: ImageCell = { bytes: new Uint8Array(0), path };
    if (this.workers.length === 0) {
      cell.bytes = renderJob(job, this.seed, this.size);
      return cell;
    }
    this.current.cells.push(cell);
    this.current.jobs.push(job);
    if (this.current.jobs.length >= BATCH_SIZE) await this.send();
    return cell;
  }

  /** Waits for every picture, then stops the workers. */
  async finish(): Promise<void> {
    try {
      if (this.current.jobs.length > 0) await this.send();
      await Promise.all(this.inFlight.splice(0));
      if (this.failure !== null) throw this.failure;
    } finally {
      await Promise.all(this.workers.map((worker) => worker.terminate()));
    }
  }

  private async send(): Promise<void> {
    const batch = this.current;
    this.current = { cells: [], jobs: [] };
    const id = this.nextBatch++;
    const worker = this.workers[id % this.workers.length];
    if (worker === undefined) throw new Error('render pool has no workers');
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { batch, resolve, reject }));
    // Awaited later (in send or finish); the empty handler keeps an early failure from counting as unhandled.
    done.catch(() => undefined);
    this.inFlight.push(done);
    worker.postMessage({ batch: id, jobs: batch.jobs });
    const limit = this.workers.length * BATCHES_IN_FLIGHT_PER_WORKER;
    if (this.inFlight.length >= limit) await Promise.all(this.inFlight.splice(0, this.inFlight.length - limit / 2));
  }

  private receive(id: number, images: Uint8Array[]): void {
    const entry = this.waiting.get(id);
    if (entry === undefined) return;
    this.waiting.delete(id);
    entry.batch.cells.forEach((cell, index) => {
      const bytes = images[index];
      if (bytes !== undefined) cell.bytes = bytes;
    });
    entry.resolve();
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const entry of this.waiting.values()) entry.reject(error);
    this.waiting.clear();
  }
}
