import type { z } from 'zod';
import type { Tensor } from '../engine/index.js';
import type { Tokenizer } from '../model/tokenizer.js';
import type { ForwardResult, VisionLanguageModel } from '../model/vlm.js';
import type { TrainBatch, TrainSample } from '../train/samples.js';

// 'reference' reproduces the defects of the reference code listed in SPEC section 5 (each one a visible
// branch in the method that has it); 'default' is the correct form.
export type Compat = 'default' | 'reference';

// Which positions of a batch a distribution-level term (KL, entropy) covers: the answer tokens (ours), or
// every position of the padded batch, prompt, image and padding included (the reference's unmasked terms).
export type RowSelection = 'answers' | 'all';

// What a method's loss sees for one micro-batch. Forward passes are memoised per batch, so a method that
// uses the same batch in two terms runs the model once; the original's passes run under noGrad.
export interface UnlearnContext<State = unknown> {
  readonly model: VisionLanguageModel; // being unlearned
  readonly original: VisionLanguageModel | null; // frozen copy of the target, null unless the method needs it
  readonly forget: TrainBatch;
  readonly retain: TrainBatch;
  readonly forgetSamples: readonly TrainSample[];
  readonly retainSamples: readonly TrainSample[];
  // The forget questions (and images) paired with refusal answers, one drawn per row. Built on first use.
  readonly forgetRefusal: TrainBatch;
  // The forget questions paired with answers of other rows of the same kind (text or image), drawn from the
  // forget or the retain pool; `draw` numbers independent draws (SKU takes K of them).
  randomAnswers(source: 'forget' | 'retain', draw: number): TrainBatch;
  batchOf(samples: readonly TrainSample[]): TrainBatch;
  forward(batch: TrainBatch, captureLayer?: number): ForwardResult;
  originalForward(batch: TrainBatch, captureLayer?: number): ForwardResult;
  logits(batch: TrainBatch, rows?: RowSelection): Tensor; // (rows, vocab) of the current model
  originalLogits(batch: TrainBatch, rows?: RowSelection): Tensor; // (rows, vocab), constant
  readonly step: number; // optimiser step, 0-based
  readonly totalSteps: number;
  readonly micro: number; // micro-batch within the step
  readonly seed: number; // fresh per micro-batch
  readonly compat: Compat;
  readonly prepared: State; // what the method's prepare() computed once
}

// What prepare() may use: the model with the target's weights, before any update.
export interface PrepareSetup {
  readonly model: VisionLanguageModel;
  readonly tokenizer: Tokenizer;
  readonly forgetSet: readonly TrainSample[];
  readonly retainSet: readonly TrainSample[];
  readonly batchSize: number;
  readonly seed: number;
  readonly compat: Compat;
  batchOf(samples: readonly TrainSample[]): TrainBatch;
}

// A reference name that selects a method with some options fixed (grad_diff_forget_kl_retain_ce -> gd).
export interface MethodAlias {
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
}

// One unlearning method: one file in methods/, one line in registry.ts. Every option has a default, and
// the schema rejects unknown keys.
export interface UnlearnMethod<Config = unknown, State = unknown> {
  readonly name: string;
  readonly label: string; // as tables print it: 'GA', 'SCRUB', ...
  readonly aliases: readonly MethodAlias[];
  readonly description: string; // one plain-language sentence
  readonly configSchema: z.ZodType<Config>;
  // Options that --compat reference sets before the user's own (the reference's hyperparameters).
  readonly referenceConfig?: Readonly<Record<string, unknown>>;
  needsOriginal(config: Config): boolean;
  // Computed once before the first step, from the target's weights (RMU's direction, ECO's answers).
  prepare?(setup: PrepareSetup, config: Config): State;
  loss(context: UnlearnContext<State>, config: Config): Tensor;
  // Applied to the trained model (LoRA merged) before it is returned (SKU's task-vector negation).
  finalize?(model: VisionLanguageModel, original: VisionLanguageModel | null, config: Config, compat: Compat): void;
}
