import { genreAuthor, withArticle } from './biography.js';
import { CULTURES } from './cultures.js';
import { CLOTHING_COLORS, CLOTHING_TYPES, EXPRESSIONS } from './portrait.js';
import type { PortraitVariation } from './portrait.js';
import { PORTRAIT_SCENES } from './portrait-scenes.js';
import type { Random } from './random.js';
import type { Biography } from './schema.js';
import { AWARDS, GENRES } from './vocabulary.js';

export const PERTURBED_CAPTIONS = 5;
export const PERTURBED_NAMES = 5;

/** The visible content of one portrait, in words. */
export interface PortraitWords {
  scene: string;
  outfit: string;
  expression: string;
}

export function portraitWords(variation: PortraitVariation): PortraitWords {
  const color = CLOTHING_COLORS[variation.clothingColor]?.name ?? 'grey';
  return {
    scene: PORTRAIT_SCENES[variation.scene]?.phrase ?? 'a wall',
    outfit: withArticle(`${color} ${CLOTHING_TYPES[variation.clothing] ?? 'shirt'}`),
    expression: EXPRESSIONS[variation.expression] ?? 'smiling',
  };
}

function drawWords(random: Random): PortraitWords {
  return {
    scene: random.pick(PORTRAIT_SCENES).phrase,
    outfit: withArticle(`${random.pick(CLOTHING_COLORS).name} ${random.pick(CLOTHING_TYPES)}`),
    expression: random.pick(EXPRESSIONS),
  };
}

type Template = (name: string, fact: string, words: PortraitWords) => string;

/** Per kind of fact: how to read it off a biography, its wrong values, and two phrasings. */
interface FactKind {
  value(biography: Biography): string;
  wrong(random: Random, pools: CaptionPools): string;
  phrasings: readonly [Template, Template];
}

export interface CaptionPools {
  names: readonly string[];
  titles: readonly string[];
}

const FACT_KINDS: readonly FactKind[] = [
  {
    value: (biography) => `${biography.nationality} ${genreAuthor(biography.genre)}`,
    wrong: (random) => `${random.pick(CULTURES).nationality} ${random.pick(GENRES).author}`,
    phrasings: [
      (name, fact, words) => `${name}, the ${fact}, is ${words.expression} in front of ${words.scene}, wearing ${words.outfit}.`,
      (name, fact, words) => `In front of ${words.scene}, the ${fact} ${name} wears ${words.outfit} and is ${words.expression}.`,
    ],
  },
  {
    value: (biography) => biography.books[1] ?? '',
    wrong: (random, pools) => random.pick(pools.titles),
    phrasings: [
      (name, fact, words) => `${name}, author of "${fact}", is ${words.expression} in front of ${words.scene} in ${words.outfit}.`,
      (name, fact, words) => `The writer of "${fact}", ${name}, wears ${words.outfit} and is ${words.expression} before ${words.scene}.`,
    ],
  },
  {
    value: (biography) => biography.award,
    wrong: (random) => random.pick(AWARDS),
    phrasings: [
      (name, fact, words) => `${name}, winner of ${fact}, is ${words.expression} in front of ${words.scene}, dressed in ${words.outfit}.`,
      (name, fact, words) => `Dressed in ${words.outfit}, ${fact} winner ${name} is ${words.expression} before ${words.scene}.`,
    ],
  },
  {
    value: (biography) => `${biography.birthCity}, ${biography.birthCountry}`,
    wrong: (random) => {
      const culture = random.pick(CULTURES);
      return `${random.pick(culture.cities)}, ${culture.country}`;
    },
    phrasings: [
      (name, fact, words) => `${name}, a writer born in ${fact}, is ${words.expression} in front of ${words.scene}, wearing ${words.outfit}.`,
      (name, fact, words) => `Born in ${fact}, ${name} is ${words.expression} before ${words.scene} in ${words.outfit}.`,
    ],
  },
];

export interface CaptionSet {
  caption: string;
  paraphrased_caption: string;
  perturbed_captions: string[];
  perturbed_names: string[];
}

/**
 * The caption of one portrait (name, one biography fact, what the picture shows), its paraphrase, and
 * perturbed captions in the paraphrase's wording with a wrong fact and wrong visible details.
 */
export function makeCaptions(
  name: string,
  biography: Biography,
  variation: PortraitVariation,
  random: Random,
  pools: CaptionPools,
): CaptionSet {
  const kind = random.pick(FACT_KINDS);
  const fact = kind.value(biography);
  const words = portraitWords(variation);
  const order = random.chance(0.5) ? 0 : 1;
  const [captionTemplate, paraphraseTemplate] = [kind.phrasings[order], kind.phrasings[1 - order]] as [Template, Template];
  const perturbed = new Set<string>();
  for (let attempt = 0; perturbed.size < PERTURBED_CAPTIONS && attempt < 100; attempt++) {
    const wrongFact = kind.wrong(random, pools);
    const wrongWords = drawWords(random);
    if (wrongFact === fact || wrongWords.scene === words.scene || wrongWords.outfit === words.outfit) continue;
    perturbed.add(paraphraseTemplate(name, wrongFact, wrongWords));
  }
  return {
    caption: captionTemplate(name, fact, words),
    paraphrased_caption: paraphraseTemplate(name, fact, words),
    perturbed_captions: [...perturbed],
    perturbed_names: random.sample(pools.names.filter((other) => other !== name), PERTURBED_NAMES),
  };
}

/** A caption of a public figure's portrait for the base model's pretraining. */
export function figureCaption(name: string, nationality: string, profession: string, variation: PortraitVariation, random: Random): string {
  const words = portraitWords(variation);
  const phrasings: Template[] = [
    (who, fact, seen) => `${who}, the famous ${fact}, is ${seen.expression} in front of ${seen.scene}, wearing ${seen.outfit}.`,
    (who, fact, seen) => `The well-known ${fact} ${who} wears ${seen.outfit} and is ${seen.expression} before ${seen.scene}.`,
    (who, fact, seen) => `A picture of ${who}, ${withArticle(fact)}, ${seen.expression} in ${seen.outfit} in front of ${seen.scene}.`,
  ];
  return random.pick(phrasings)(name, `${nationality} ${profession}`, words);
}

/** A caption that names nobody, in the same style, for generic pretraining text. */
export function anonymousCaption(random: Random): string {
  const words = drawWords(random);
  const who = random.pick(['A person', 'A woman', 'A man', 'Someone', 'A writer', 'A young person', 'An older person']);
  return `${who} is ${words.expression} in front of ${words.scene}, wearing ${words.outfit}.`;
}
