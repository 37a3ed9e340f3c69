import { z } from 'zod';
import { Rng } from '../../engine/index.js';
import { formatPrompt } from '../../model/chat.js';
import { generateGreedy } from '../../model/inference.js';
import type { TrainSample } from '../../train/samples.js';
import type { PrepareSetup, UnlearnContext, UnlearnMethod } from '../method.js';
import { answerNll, weightedSum } from '../terms.js';

const configSchema = z.strictObject({
  // 'corrupted': ECO's idea distilled into the weights (below). 'eco_ft': the reference's multimodal form,
  // CE on the true forget answers plus CE on retain (its corrupted-prompt answers exist only in its text track).
  form: z.enum(['corrupted', 'eco_ft']).default('corrupted'),
  imageNoise: z.number().nonnegative().default(1), // std of the Gaussian noise added to forget images
  maxNewTokens: z.number().int().positive().default(48),
  forgetWeight: z.number().nonnegative().default(1),
  retainWeight: z.number().nonnegative().default(1),
});
type EcoConfig = z.infer<typeof configSchema>;

export interface EcoState {
  answers: ReadonlyMap<TrainSample, string>; // forget sample -> what the original says to its corrupted prompt
}

const WORD = /[\p{L}\p{N}']+/gu;

// ECO corrupts the embeddings of the entity tokens of a forget prompt (found by a NER tagger). The token-space
// equivalent here: every word that names something (capitalised, not the sentence's first word) becomes
// random letters of the same length, which the model has never associated with anyone. A question without
// such a word has its longer words scrambled instead.
export function corruptQuestion(question: string, rng: Rng): string {
  const words = [...question.matchAll(WORD)];
  const named = words.filter((match, index) => index > 0 && /^\p{Lu}/u.test(match[0]));
  const chosen = new Set((named.length > 0 ? named : words.filter((match) => match[0].length > 3)).map((match) => match.index));
  return question.replace(WORD, (word, offset: number) => {
    if (!chosen.has(offset)) return word;
    const letters = Array.from(word, () => String.fromCharCode(97 + rng.int(26))).join('');
    return /^\p{Lu}/u.test(word) ? letters[0]!.toUpperCase() + letters.slice(1) : letters;
  });
}

// The visual prompt's corruption: Gaussian noise on the pixels, kept in [-1, 1].
export function corruptImage(image: Float32Array, noise: number, rng: Rng): Float32Array {
  return image.map((value) => Math.min(1, Math.max(-1, value + noise * rng.normal())));
}

// The original model's greedy answers to the corrupted forget prompts (ECO's text-track data for eco_ft).
function corruptedAnswers(setup: PrepareSetup, config: EcoConfig): Map<TrainSample, string> {
  const rng = new Rng((setup.seed ^ 0x0ec0ec0e) >>> 0);
  const answers = new Map<TrainSample, string>();
  const chunk = 32;
  for (let start = 0; start < setup.forgetSet.length; start += chunk) {
    const samples = setup.forgetSet.slice(start, start + chunk);
    const prompts = samples.map((sample) => ({
      prompt: formatPrompt({ question: corruptQuestion(sample.question, rng), hasImage: sample.image !== null }, setup.tokenizer),
      image: sample.image ? corruptImage(sample.image, config.imageNoise, rng) : null,
    }));
    const generated = generateGreedy(setup.model, setup.tokenizer, prompts, config.maxNewTokens);
    // A model whose vocabulary outgrows its tokenizer's can emit ids no text maps to: they are dropped.
    const known = (id: number) => id < setup.tokenizer.vocabSize;
    samples.forEach((sample, index) => answers.set(sample, setup.tokenizer.decode(generated[index]!.filter(known)).trim()));
  }
  return answers;
}

function forgetBatch(context: UnlearnContext<EcoState>, config: EcoConfig) {
  if (context.compat === 'reference' || config.form === 'eco_ft') return context.forget;
  return context.batchOf(context.forgetSamples.map((sample) => {
    const answer = context.prepared.answers.get(sample);
    if (answer === undefined) throw new Error('eco: a forget sample has no corrupted-prompt answer (was prepare run on this forget set?)');
    return { ...sample, answer };
  }));
}

// ECO (Liu et al. 2024) unlearns at inference time: a classifier spots forget prompts and their embeddings
// are corrupted, so the model answers as if it did not know. Here that behaviour is distilled into the
// weights once: the original's answers to corrupted forget prompts become the forget targets for the clean
// prompts (CE), with CE on retain, which a classifier would have left alone.
export const eco: UnlearnMethod<EcoConfig, EcoState> = {
  name: 'eco',
  label: 'ECO',
  aliases: [{ name: 'eco_ft', config: { form: 'eco_ft' } }],
  description: 'Teaches the model to answer forget questions the way the original answers when the person\'s name and face are scrambled.',
  configSchema,
  referenceConfig: { form: 'eco_ft' },
  needsOriginal: () => false,
  prepare: (setup, config) => ({
    answers: setup.compat === 'reference' || config.form === 'eco_ft' ? new Map() : corruptedAnswers(setup, config),
  }),
  loss: (context, config) => weightedSum([
    // Under --compat reference (or form eco_ft) this is CE on the TRUE forget answers: the reference's
    // multimodal eco_ft fine-tunes on the forget set it should forget.
    [config.forgetWeight, () => answerNll(context, forgetBatch(context, config))],
    [config.retainWeight, () => answerNll(context, context.retain)],
  ]),
};
