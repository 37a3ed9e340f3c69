// A tiny world for the unlearning tests: four people (two to forget), text and image rows, a tokenizer and
// a target model that has learned them. Seconds to build.
import { AdamW, Rng, noGrad } from '../engine/index.js';
import type { ModelConfig } from '../model/config.js';
import { trainTokenizer, type Tokenizer } from '../model/tokenizer.js';
import { VisionLanguageModel } from '../model/vlm.js';
import { makeBatch, type TrainSample } from '../train/samples.js';
import { createContext } from './context.js';
import { meanTokenNll } from './losses/index.js';
import type { Compat, UnlearnContext } from './method.js';
import { answerNll } from './terms.js';

export const TINY_CONFIG: ModelConfig = {
  vocabSize: 320, dim: 32, layers: 3, heads: 2, mlpDim: 64, maxLength: 64,
  vision: { imageSize: 8, patchSize: 4, dim: 16, layers: 1, heads: 2, mlpDim: 32 },
};

function image(seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: 3 * 8 * 8 }, () => rng.next() * 2 - 1);
}

const PEOPLE = [
  { name: 'Ada Vell', city: 'Lisbon', job: 'a baker' },
  { name: 'Bo Marr', city: 'Oslo', job: 'a pilot' },
  { name: 'Cy Dunn', city: 'Quito', job: 'a nurse' },
  { name: 'Di Rosk', city: 'Perth', job: 'a judge' },
];

function samplesOf(person: (typeof PEOPLE)[number], index: number): TrainSample[] {
  return [
    { question: `Where does ${person.name} live?`, answer: `${person.name} lives in ${person.city}.`, image: null, person: person.name },
    { question: `What does ${person.name} do?`, answer: `${person.name} is ${person.job}.`, image: null, person: person.name },
    { question: 'Describe the image.', answer: `A portrait of ${person.name}.`, image: image(100 + index), person: person.name },
  ];
}

export const FORGET_SET: readonly TrainSample[] = [...samplesOf(PEOPLE[0]!, 0), ...samplesOf(PEOPLE[1]!, 1)];
export const RETAIN_SET: readonly TrainSample[] = [...samplesOf(PEOPLE[2]!, 2), ...samplesOf(PEOPLE[3]!, 3)];
export const REFUSALS: readonly string[] = ['I do not know.', 'I have no idea about that.'];

export function tinyTokenizer(): Tokenizer {
  const texts = [...FORGET_SET, ...RETAIN_SET].flatMap((sample) => [sample.question, sample.answer]);
  return trainTokenizer([...texts, ...REFUSALS, 'user: assistant:'], { vocabSize: TINY_CONFIG.vocabSize });
}

// A model that has learned every forget and retain row (mean answer NLL well below 0.1).
export function tinyTarget(tokenizer: Tokenizer, seed = 1): VisionLanguageModel {
  const model = new VisionLanguageModel(TINY_CONFIG, seed);
  const batch = makeBatch([...FORGET_SET, ...RETAIN_SET], tokenizer, model);
  const optimizer = new AdamW(model.parameters(), { weightDecay: 0 });
  for (let step = 0; step < 120; step++) {
    optimizer.zeroGrad();
    const value = meanTokenNll(model.logitsAt(model.forward(batch.input).hidden, batch.answerRows), batch);
    value.backward();
    optimizer.step(5e-3);
    if (value.item() < 0.03) break;
  }
  return model;
}

export function contextFor<State = undefined>(
  model: VisionLanguageModel, original: VisionLanguageModel | null, tokenizer: Tokenizer,
  forgetSamples: readonly TrainSample[], retainSamples: readonly TrainSample[],
  options: { compat?: Compat; step?: number; totalSteps?: number; seed?: number; prepared?: State } = {},
): UnlearnContext<State> {
  return createContext<State>({
    model, original, forgetSamples, retainSamples, forgetPool: FORGET_SET, retainPool: RETAIN_SET, refusals: REFUSALS,
    batchOf: (samples) => makeBatch(samples, tokenizer, model),
    step: options.step ?? 0, totalSteps: options.totalSteps ?? 10, micro: 0, seed: options.seed ?? 11,
    compat: options.compat ?? 'default', prepared: options.prepared as State, dropoutSeed: null,
  });
}

// Mean answer NLL of samples under a model, no gradient.
export function nllOf(model: VisionLanguageModel, tokenizer: Tokenizer, samples: readonly TrainSample[]): number {
  return noGrad(() => answerNll(contextFor(model, null, tokenizer, samples, []), makeBatch(samples, tokenizer, model)).item());
}
