import { Rng } from '../engine/index.js';
import type { TrainSample } from '../train/samples.js';

// An endless, seeded stream of batches over a sample set: epoch after epoch, each epoch a fresh shuffle.
// batchAt(index) depends only on (seed, index), so a resumed run draws exactly the batches it would have.
export class SampleStream {
  private readonly orders = new Map<number, Int32Array>();

  constructor(private readonly samples: readonly TrainSample[], private readonly batchSize: number, private readonly seed: number) {
    if (samples.length === 0) throw new Error('sample stream: no samples');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`sample stream: batch size must be a positive integer, got ${batchSize}`);
  }

  batchAt(index: number): TrainSample[] {
    const count = this.samples.length;
    const batch: TrainSample[] = [];
    for (let offset = 0; offset < this.batchSize; offset++) {
      const position = index * this.batchSize + offset;
      const order = this.epochOrder(Math.floor(position / count));
      batch.push(this.samples[order[position % count]!]!);
    }
    return batch;
  }

  private epochOrder(epoch: number): Int32Array {
    let order = this.orders.get(epoch);
    if (!order) {
      const rng = new Rng((Math.imul(this.seed, 0x2c1b3c6d) ^ Math.imul(epoch + 1, 0x297a2d39)) >>> 0);
      order = Int32Array.from(rng.shuffle(Array.from({ length: this.samples.length }, (_, index) => index)));
      // Only the current and the next epoch are ever needed together.
      if (this.orders.size >= 4) this.orders.delete(this.orders.keys().next().value!);
      this.orders.set(epoch, order);
    }
    return order;
  }
}
