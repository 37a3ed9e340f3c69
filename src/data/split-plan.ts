import { FORGET_PERCENTS, retainPercent } from './configs.js';
import type { ForgetPercent } from './configs.js';

// Sizes of everything the generator writes. At 200 people they equal the real CLEAR's row counts
// (full 3,768 images; forget01/05/10 = 35/188/379; retain_perturbed 395; real_faces 151; real_world 367);
// other sizes scale in proportion.

export const REAL_PEOPLE = 200;

/** Mean images per person in each group of the real dataset, which sets the row counts above. */
const MEAN_IMAGES = {
  forget01: 35 / 2,
  forget05Only: (188 - 35) / 8,
  forget10Only: (379 - 188) / 10,
  retainPerturbed: 395 / 20,
  rest: (3768 - 379 - 395) / 160,
};

export interface DatasetPlan {
  people: number;
  /** Forget people per split; TOFU-style, the last people, so forget01 within forget05 within forget10. */
  forget: Record<ForgetPercent, number[]>;
  /** People of `retain_perturbed`: the first retain people. */
  retainPerturbed: number[];
  /** Pictures of each `retain_perturbed` person outside every config (`extra/unseen_pictures`). */
  unseenPicturesPerPerson: number;
  imageCounts: number[];
  heldOut: number;
  publicFigures: number;
  pretrainImagesPerFigure: number;
  realWorld: number;
  pretrainWorld: number;
  pretrainText: number;
}

function scaled(realCount: number, people: number, minimum: number): number {
  return Math.max(minimum, Math.round((realCount * people) / REAL_PEOPLE));
}

function forgetCounts(people: number): Record<ForgetPercent, number> {
  const one = Math.min(people - 1, Math.max(1, Math.round(people * 0.01)));
  const five = Math.min(people - 1, Math.max(one, Math.round(people * 0.05)));
  const ten = Math.min(people - 1, Math.max(five, Math.round(people * 0.1)));
  return { '01': one, '05': five, '10': ten };
}

/** Spreads `total` over `count` people as evenly as possible (never below 4 images). */
function spread(total: number, count: number): number[] {
  const counts: number[] = [];
  for (let index = 0; index < count; index++) {
    counts.push(Math.max(4, Math.floor(((index + 1) * total) / count) - Math.floor((index * total) / count)));
  }
  return counts;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, index) => start + index);
}

export function planDataset(people: number): DatasetPlan {
  if (!Number.isInteger(people) || people < 2) throw new Error(`people must be an integer >= 2, got ${people}`);
  const counts = forgetCounts(people);
  const forget = {
    '01': range(people - counts['01'], people),
    '05': range(people - counts['05'], people),
    '10': range(people - counts['10'], people),
  };
  const retainPerturbedCount = Math.min(people - counts['10'], Math.max(1, Math.round(people * 0.1)));
  const retainPerturbed = range(0, retainPerturbedCount);
  const rest = people - counts['10'] - retainPerturbedCount;
  const imageCounts = [
    ...spread(Math.round(MEAN_IMAGES.retainPerturbed * retainPerturbedCount), retainPerturbedCount),
    ...spread(Math.round(MEAN_IMAGES.rest * rest), rest),
    ...spread(Math.round(MEAN_IMAGES.forget10Only * (counts['10'] - counts['05'])), counts['10'] - counts['05']),
    ...spread(Math.round(MEAN_IMAGES.forget05Only * (counts['05'] - counts['01'])), counts['05'] - counts['01']),
    ...spread(Math.round(MEAN_IMAGES.forget01 * counts['01']), counts['01']),
  ];
  return {
    people,
    forget,
    retainPerturbed,
    unseenPicturesPerPerson: 4,
    imageCounts,
    heldOut: scaled(20, people, 1),
    publicFigures: scaled(151, people, 4),
    pretrainImagesPerFigure: 12,
    realWorld: scaled(367, people, 8),
    pretrainWorld: scaled(2000, people, 40),
    pretrainText: scaled(2000, people, 100),
  };
}

/** Forget and retain people (0-based ids) of one split, for `people` people. */
export function splitPeople(people: number, percent: ForgetPercent): { forget: number[]; retain: number[] } {
  const forget = planDataset(people).forget[percent];
  const forgotten = new Set(forget);
  return { forget, retain: range(0, people).filter((person) => !forgotten.has(person)) };
}

/** The CLEAR configs whose image rows show person `id`. */
export function splitsOf(plan: DatasetPlan, id: number): string[] {
  const splits = ['full'];
  for (const percent of FORGET_PERCENTS) {
    if (plan.forget[percent].includes(id)) splits.push(`forget${percent}`, `forget${percent}_perturbed`);
    else splits.push(`retain${retainPercent(percent)}`);
  }
  if (plan.retainPerturbed.includes(id)) splits.push('retain_perturbed');
  return splits;
}
