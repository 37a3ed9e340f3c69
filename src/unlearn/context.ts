import { Rng, Tensor, noGrad } from '../engine/index.js';
import type { ForwardResult, VisionLanguageModel } from '../model/vlm.js';
import type { TrainBatch, TrainSample } from '../train/samples.js';
import { withRandomAnswers, withRefusals } from './answer-pairing.js';
import type { Compat, RowSelection, UnlearnContext } from './method.js';

export interface ContextInputs<State> {
  model: VisionLanguageModel;
  original: VisionLanguageModel | null;
  forgetSamples: readonly TrainSample[];
  retainSamples: readonly TrainSample[];
  forgetPool: readonly TrainSample[]; // where random answers come from
  retainPool: readonly TrainSample[];
  refusals: readonly string[];
  batchOf: (samples: readonly TrainSample[]) => TrainBatch;
  step: number;
  totalSteps: number;
  micro: number;
  seed: number;
  compat: Compat;
  prepared: State;
  // LoRA dropout seed of the current model's passes; null = no dropout (tests, evaluation-like use).
  dropoutSeed: number | null;
}

export function createContext<State>(inputs: ContextInputs<State>): UnlearnContext<State> {
  return new MemoisedContext(inputs);
}

// Every batch and forward pass is built on first use and kept for the rest of the micro-batch.
class MemoisedContext<State> implements UnlearnContext<State> {
  readonly model: VisionLanguageModel;
  readonly original: VisionLanguageModel | null;
  readonly forgetSamples: readonly TrainSample[];
  readonly retainSamples: readonly TrainSample[];
  readonly step: number;
  readonly totalSteps: number;
  readonly micro: number;
  readonly seed: number;
  readonly compat: Compat;
  readonly prepared: State;
  private readonly batches = new Map<string, TrainBatch>();
  private readonly passes = new Map<TrainBatch, Map<string, ForwardResult | Tensor>>();

  constructor(private readonly inputs: ContextInputs<State>) {
    this.model = inputs.model;
    this.original = inputs.original;
    this.forgetSamples = inputs.forgetSamples;
    this.retainSamples = inputs.retainSamples;
    this.step = inputs.step;
    this.totalSteps = inputs.totalSteps;
    this.micro = inputs.micro;
    this.seed = inputs.seed;
    this.compat = inputs.compat;
    this.prepared = inputs.prepared;
  }

  get forget(): TrainBatch {
    return this.batch('forget', () => this.inputs.forgetSamples);
  }

  get retain(): TrainBatch {
    return this.batch('retain', () => this.inputs.retainSamples);
  }

  get forgetRefusal(): TrainBatch {
    // The draw depends only on the micro-batch seed, so it is the same whether or not other batches were built.
    return this.batch('refusal', () => withRefusals(this.inputs.forgetSamples, this.inputs.refusals, new Rng((this.seed ^ 0x5bd1e995) >>> 0)));
  }

  randomAnswers(source: 'forget' | 'retain', draw: number): TrainBatch {
    const pool = source === 'forget' ? this.inputs.forgetPool : this.inputs.retainPool;
    const seed = (this.seed ^ Math.imul(draw + 1, 0x27d4eb2d) ^ (source === 'forget' ? 0x165667b1 : 0x61c88647)) >>> 0;
    return this.batch(`random-${source}-${draw}`, () => withRandomAnswers(this.inputs.forgetSamples, pool, new Rng(seed)));
  }

  batchOf(samples: readonly TrainSample[]): TrainBatch {
    return this.inputs.batchOf(samples);
  }

  forward(batch: TrainBatch, captureLayer?: number): ForwardResult {
    return this.pass(batch, `current-${captureLayer ?? -1}`, () => this.model.forward(batch.input, {
      ...(captureLayer === undefined ? {} : { captureLayer }), dropoutSeed: this.inputs.dropoutSeed,
    }));
  }

  originalForward(batch: TrainBatch, captureLayer?: number): ForwardResult {
    const original = this.original;
    if (!original) throw new Error('unlearning context: this method uses the original model but declared needsOriginal false');
    return this.pass(batch, `original-${captureLayer ?? -1}`, () => noGrad(() => original.forward(batch.input, captureLayer === undefined ? {} : { captureLayer })));
  }

  logits(batch: TrainBatch, rows: RowSelection = 'answers'): Tensor {
    return this.pass(batch, `current-logits-${rows}`, () => this.model.logitsAt(this.forward(batch).hidden, selectRows(batch, rows)));
  }

  originalLogits(batch: TrainBatch, rows: RowSelection = 'answers'): Tensor {
    return this.pass(batch, `original-logits-${rows}`, () => {
      const hidden = this.originalForward(batch).hidden;
      return noGrad(() => this.original!.logitsAt(hidden, selectRows(batch, rows)));
    });
  }

  private batch(key: string, samples: () => readonly TrainSample[]): TrainBatch {
    let batch = this.batches.get(key);
    if (!batch) {
      batch = this.inputs.batchOf(samples());
      this.batches.set(key, batch);
    }
    return batch;
  }

  private pass<T extends ForwardResult | Tensor>(batch: TrainBatch, key: string, compute: () => T): T {
    let forBatch = this.passes.get(batch);
    if (!forBatch) {
      forBatch = new Map();
      this.passes.set(batch, forBatch);
    }
    const cached = forBatch.get(key);
    if (cached) return cached as T;
    const value = compute();
    forBatch.set(key, value);
    return value;
  }
}

export function selectRows(batch: TrainBatch, rows: RowSelection): Int32Array {
  return rows === 'answers' ? batch.answerRows : Int32Array.from({ length: batch.input.batch * batch.input.length }, (_, row) => row);
}
