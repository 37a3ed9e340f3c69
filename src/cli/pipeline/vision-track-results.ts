import { uLira } from '../../eval/metrics/u-lira.js';
import type { ULiraExample } from '../../eval/metrics/u-lira.js';
import type { FaceClassifierConfig } from '../../model/face-classifier.js';
import { accuracyOf, enrollmentCosines } from '../../unlearn/vision/face-scores.js';
import type { FaceScores } from '../../unlearn/vision/face-scores.js';
import type { VisionMethod } from '../../unlearn/vision/method.js';
import { imagesOf } from './vision-track-data.js';
import type { PersonPartition, SplitPlan } from './vision-track-data.js';
import type { VisionTrackPresetName } from './vision-track-presets.js';

export interface MeanStd {
  mean: number;
  std: number; // sample standard deviation over the splits (0 for one split)
  values: number[]; // one per target model
}

export interface AttackResult {
  accuracy: number;
  auc: number;
}

export interface VisionMethodResult {
  method: string;
  label: string;
  forgetAccuracy: MeanStd; // the forget people's training images
  retainAccuracy: MeanStd; // the retain people's training images
  testAccuracy: MeanStd; // the retain people's held-out images
  uLira: AttackResult | null; // on the head's true-class cosine; null: a forget group lacks a target or shadow
  uLiraReference: AttackResult | null; // on the reference's score, the cosine to the enrollment vector
  seconds: number; // wall time over every model, targets and shadows, training and scoring
  secondsPerModel: number; // the method's own training (unlearning or retraining) per model
}

export interface VisionTrackResults {
  track: 'vision';
  preset: VisionTrackPresetName;
  seed: number;
  splits: number;
  shadowModels: number;
  people: number; // CLEAR people in play
  forgetPeople: number; // per forget group
  retainPeople: number; // per model
  imageSize: number;
  classifier: FaceClassifierConfig;
  pretraining: { figures: number; images: number; seconds: number; reused: boolean } | null;
  finetuning: { seconds: number; reused: number; originalTestAccuracy: MeanStd };
  methods: VisionMethodResult[];
  seconds: number;
  notes: string[];
}

// What one model of a method (one split plan) gave: its scores on every CLEAR image.
export interface ModelOutcome {
  plan: SplitPlan;
  scores: FaceScores;
  trainingSeconds: number;
}

export function meanStd(values: readonly number[]): MeanStd {
  if (values.length === 0) throw new RangeError('meanStd: no values');
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), values: [...values] };
}

// The attacked score: the cosine to the true class row, mapped from [-1, 1] onto the real line (a logit of
// (1 + cos) / 2). The reference clips cosines to [0, 1] before its logit, which sends every negative cosine
// to one value; the two agree on positive cosines up to the scale of the argument.
export function cosineLogit(cosine: number): number {
  const clamped = Math.min(Math.max(cosine, -1 + 1e-7), 1 - 1e-7);
  return Math.log((1 + clamped) / (1 - clamped));
}

// The reference's transform of its verification score: clipped to [0, 1], then log(p / (1 - p)).
export function referenceLogit(cosine: number): number {
  const clipped = Math.min(Math.max(cosine, 0), 1);
  return Math.log(clipped + 1e-45) - Math.log(1 - clipped + 1e-45);
}

// Images the reference enrolls each person with: their first ones in dataset order.
const ENROLLED_IMAGES = 5;

// U-LIRA over the two forget groups' training images: for an image of group g, shadows of side g are "in"
// (trained on, then unlearned by this method), shadows of the other side "out" (never saw the person);
// target models of side g are members, the others not. The reference does the same with 32 + 32 shadows
// and 32 + 32 targets. score(outcome, image) is the attacked number.
export function attackOutcomes(
  outcomes: readonly ModelOutcome[], partition: PersonPartition, score: (outcome: ModelOutcome, image: number) => number,
): AttackResult | null {
  const targets = outcomes.filter((outcome) => outcome.plan.role === 'target');
  const shadows = outcomes.filter((outcome) => outcome.plan.role === 'shadow');
  const bothSides = (models: readonly ModelOutcome[]) => models.some((model) => model.plan.side === 0) && models.some((model) => model.plan.side === 1);
  if (!bothSides(targets) || !bothSides(shadows)) return null;
  const examples: ULiraExample[] = [];
  partition.groups.forEach((group, side) => {
    for (const image of imagesOf(group, partition.trainImages)) {
      const at = (outcome: ModelOutcome) => score(outcome, image);
      examples.push({
        shadowIn: shadows.filter((model) => model.plan.side === side).map(at),
        shadowOut: shadows.filter((model) => model.plan.side !== side).map(at),
        targets: targets.map((model) => ({ score: at(model), member: model.plan.side === side })),
      });
    }
  });
  const result = uLira(examples);
  return { accuracy: result.accuracy, auc: result.auc };
}

// Accuracies over the target models (mean and std over the splits) and the attack over all models.
export function summariseMethod(method: VisionMethod, outcomes: readonly ModelOutcome[], partition: PersonPartition, labels: Int32Array, seconds: number): VisionMethodResult {
  const targets = outcomes.filter((outcome) => outcome.plan.role === 'target');
  const everyImage = partition.trainImages.map((images, person) => [...images, ...(partition.testImages[person] ?? [])].sort((a, b) => a - b));
  const enrolled = new Map(outcomes.map((outcome) => [outcome, enrollmentCosines(outcome.scores, labels, everyImage, ENROLLED_IMAGES)]));
  const accuracy = (pick: (plan: SplitPlan) => number[]) => meanStd(targets.map((outcome) => accuracyOf(outcome.scores, labels, pick(outcome.plan))));
  return {
    method: method.name,
    label: method.label,
    forgetAccuracy: accuracy((plan) => imagesOf(plan.forgetPeople, partition.trainImages)),
    retainAccuracy: accuracy((plan) => imagesOf(plan.retainPeople, partition.trainImages)),
    testAccuracy: accuracy((plan) => imagesOf(plan.retainPeople, partition.testImages)),
    uLira: attackOutcomes(outcomes, partition, (outcome, image) => cosineLogit(outcome.scores.trueCosines[image]!)),
    uLiraReference: attackOutcomes(outcomes, partition, (outcome, image) => referenceLogit(enrolled.get(outcome)![image]!)),
    seconds,
    secondsPerModel: outcomes.reduce((total, outcome) => total + outcome.trainingSeconds, 0) / outcomes.length,
  };
}
