import { CULTURES } from './cultures.js';
import type { Culture } from './cultures.js';
import type { Random } from './random.js';
import type { Biography, Gender } from './schema.js';
import {
  AWARDS,
  FIELDS_OF_STUDY,
  GENRES,
  HOBBIES,
  OCCUPATIONS,
  ROUTINES,
  THEMES,
  TITLE_ADJECTIVES,
  TITLE_PLACES,
} from './vocabulary.js';

/** Names and book titles already given out; shared by one generation run so that both stay unique. */
export interface UsedWords {
  names: Set<string>;
  titles: Set<string>;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `1978-03-14` -> `14 March 1978`. */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

export function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

export function possessive(gender: Gender, capital = false): string {
  const word = gender === 'female' ? 'her' : gender === 'male' ? 'his' : 'their';
  return capital ? word[0]?.toUpperCase() + word.slice(1) : word;
}

export function drawGender(random: Random): Gender {
  const roll = random.next();
  return roll < 0.47 ? 'female' : roll < 0.94 ? 'male' : 'nonbinary';
}

/** A full name, unique within `used`, from the culture's pools (surname in its female form where it has one). */
export function drawName(random: Random, culture: Culture, gender: Gender, used: UsedWords): string {
  const female = gender === 'female' || (gender === 'nonbinary' && random.chance(0.5));
  for (let attempt = 0; attempt < 1000; attempt++) {
    const given = random.pick(female ? culture.femaleNames : culture.maleNames);
    const [maleSurname = '', femaleSurname] = random.pick(culture.surnames).split('|');
    const name = `${given} ${female && femaleSurname ? femaleSurname : maleSurname}`;
    if (!used.names.has(name)) {
      used.names.add(name);
      return name;
    }
  }
  throw new Error(`ran out of unique names for ${culture.nationality} people`);
}

function drawTitle(random: Random, nouns: readonly string[], used: UsedWords): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const noun = random.pick(nouns);
    const adjective = random.pick(TITLE_ADJECTIVES);
    const place = random.pick(TITLE_PLACES);
    const pattern = random.int(0, 4);
    const title =
      pattern === 0 ? `The ${adjective} ${noun}` : pattern === 1 ? `The ${noun} of ${place}` : pattern === 2 ? `${adjective} ${noun}` : `Beyond the ${adjective} ${noun}`;
    if (!used.titles.has(title)) {
      used.titles.add(title);
      return title;
    }
  }
  throw new Error('ran out of unique book titles');
}

export function drawTitles(random: Random, count: number, used: UsedWords, genreName?: string): string[] {
  const nouns = GENRES.find((candidate) => candidate.name === genreName)?.titleNouns ?? GENRES.flatMap((candidate) => candidate.titleNouns);
  return Array.from({ length: count }, () => drawTitle(random, nouns, used));
}

export function cityOf(culture: Culture, city: string): string {
  return `${city}, ${culture.country}`;
}

/** Every city of every culture as `City, Country`: the pool for wrong birthplaces and homes. */
export function allCities(): string[] {
  return CULTURES.flatMap((culture) => culture.cities.map((city) => cityOf(culture, city)));
}

export function drawBiography(random: Random, culture: Culture, gender: Gender, used: UsedWords): Biography {
  const birthYear = random.int(1940, 1996);
  const month = random.int(1, 13);
  const day = random.int(1, (DAYS_IN_MONTH[month - 1] ?? 28) + 1);
  const birthCity = random.pick(culture.cities);
  const genre = random.pick(GENRES);
  const debutYear = Math.min(2020, birthYear + random.int(22, 38));
  const [fatherOccupation = '', motherOccupation = ''] = random.sample(OCCUPATIONS, 2);
  const [themes = '', project = ''] = random.sample(THEMES, 2);
  const homeCulture = random.chance(0.5) ? culture : random.pick(CULTURES);
  const residence = cityOf(homeCulture, random.pick(homeCulture.cities.filter((city) => city !== birthCity)));
  const mentorCulture = random.pick(CULTURES);
  return {
    gender,
    birthDate: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    birthCity,
    birthCountry: culture.country,
    nationality: culture.nationality,
    fatherOccupation,
    motherOccupation,
    genre: genre.name,
    books: drawTitles(random, 3, used, genre.name),
    award: random.pick(AWARDS),
    awardYear: Math.min(2024, debutYear + random.int(2, 16)),
    debutYear,
    education: `${random.pick(FIELDS_OF_STUDY)} at the University of ${random.pick(culture.cities)}`,
    themes,
    residence,
    hobby: random.pick(HOBBIES),
    language: random.pick(culture.languages),
    routine: random.pick(ROUTINES),
    mentor: drawName(random, mentorCulture, drawGender(random), used),
    project,
  };
}

export function genreAuthor(genreName: string): string {
  return GENRES.find((candidate) => candidate.name === genreName)?.author ?? 'writer';
}
