import type { z } from 'zod';
import type { Tensor } from '../../engine/index.js';
import type { FaceClassifier, FaceForward } from '../../model/face-classifier.js';
import type { FaceBatch, FaceSet } from './face-set.js';

// The vision track's unlearning methods (SPEC section 6): a face classifier forgets some people.
// One file per method, one line in registry.ts, as for the multimodal methods.

// What a method's loss sees for one step. Forward passes are memoised per batch (a method that uses one
// batch in two terms runs the model once); the original's passes run under noGrad.
export interface VisionUnlearnContext<State = unknown> {
  readonly model: FaceClassifier; // being unlearned
  readonly original: FaceClassifier; // frozen copy of the fine-tuned classifier
  readonly forget: FaceBatch;
  readonly retain: FaceBatch;
  forward(batch: FaceBatch, captureBlock?: number): FaceForward;
  originalForward(batch: FaceBatch, captureBlock?: number): FaceForward;
  readonly retainClasses: readonly number[]; // the classes of the retain people (LLMU's random labels)
  readonly step: number; // optimiser step, 0-based
  readonly totalSteps: number;
  readonly seed: number; // fresh per step
  readonly prepared: State;
}

export interface VisionPrepareSetup {
  readonly original: FaceClassifier;
  readonly forgetSet: FaceSet;
  readonly retainSet: FaceSet;
  readonly seed: number;
}

// keep: the fine-tuned classifier as it is (Original). retrain: train again from the pretrained backbone on
// the retain people only (Gold). unlearn: start from the fine-tuned classifier and minimise loss().
export type VisionProcedure = 'keep' | 'retrain' | 'unlearn';

export interface VisionMethod<Config = unknown, State = unknown> {
  readonly name: string;
  readonly label: string; // as reports print it
  readonly aliases: readonly string[]; // the reference's script names
  readonly description: string;
  readonly procedure: VisionProcedure;
  readonly configSchema: z.ZodType<Config>;
  // Computed once from the fine-tuned classifier before the first step (RMU's direction and scale).
  prepare?(setup: VisionPrepareSetup, config: Config): State;
  loss(context: VisionUnlearnContext<State>, config: Config): Tensor;
}

export function noLoss(name: string): never {
  throw new Error(`vision method '${name}' has no unlearning loss (it keeps or retrains the classifier)`);
}
