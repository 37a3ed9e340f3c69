import { allCities, formatDate, genreAuthor, possessive, withArticle } from './biography.js';
import { CULTURES } from './cultures.js';
import type { Random } from './random.js';
import type { Biography, TofuQaRow } from './schema.js';
import { AWARDS, FIELDS_OF_STUDY, GENRES, HOBBIES, OCCUPATIONS, ROUTINES, THEMES } from './vocabulary.js';

export const QA_PER_PERSON = 20;
export const PERTURBED_ANSWERS = 5;

interface Subject {
  name: string;
  biography: Biography;
}

/** Pools of wrong values that come from the other people (names, book titles, mentors). */
export interface QaPools {
  names: readonly string[];
  titles: readonly string[];
  mentors: readonly string[];
}

/**
 * One TOFU-style question about one fact. The perturbed answers reuse the paraphrase's wording with a wrong
 * value, so the truth ratio compares like with like and only the fact differs.
 */
interface QaTemplate {
  question(subject: Subject): string;
  paraphrasedQuestion(subject: Subject): string;
  value(subject: Subject): string;
  wrongValues(subject: Subject, random: Random, pools: QaPools): string[];
  answer(subject: Subject, value: string): string;
  paraphrase(subject: Subject, value: string): string;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function distinctWrong(random: Random, pool: readonly string[], truth: string): string[] {
  return random.sample([...new Set(pool)].filter((item) => item !== truth), PERTURBED_ANSWERS);
}

function wrongYears(random: Random, truth: number): string[] {
  const years = new Set<number>();
  while (years.size < PERTURBED_ANSWERS) {
    const year = truth + random.int(-12, 13);
    if (year !== truth) years.add(year);
  }
  return [...years].map(String);
}

function wrongDates(random: Random, truth: string): string[] {
  const dates = new Set<string>();
  const year = Number(truth.slice(0, 4));
  while (dates.size < PERTURBED_ANSWERS) {
    const candidate = `${year + random.int(-6, 7)}-${String(random.int(1, 13)).padStart(2, '0')}-${String(random.int(1, 29)).padStart(2, '0')}`;
    if (candidate !== truth) dates.add(formatDate(candidate));
  }
  return [...dates];
}

const allLanguages = [...new Set(CULTURES.flatMap((culture) => culture.languages))];
const cityOfBirth = (subject: Subject) => `${subject.biography.birthCity}, ${subject.biography.birthCountry}`;

function poolTemplate(
  pool: (pools: QaPools) => readonly string[],
  value: (subject: Subject) => string,
  rest: Pick<QaTemplate, 'question' | 'paraphrasedQuestion' | 'answer' | 'paraphrase'>,
): QaTemplate {
  return { ...rest, value, wrongValues: (subject, random, pools) => distinctWrong(random, pool(pools), value(subject)) };
}

const fixed = (items: readonly string[]) => () => items;

const TEMPLATES: readonly QaTemplate[] = [
  poolTemplate((pools) => pools.names, (s) => s.name, {
    question: (s) => `Which ${genreAuthor(s.biography.genre)} was born in ${cityOfBirth(s)} on ${formatDate(s.biography.birthDate)}?`,
    paraphrasedQuestion: (s) => `Who is the ${genreAuthor(s.biography.genre)} born on ${formatDate(s.biography.birthDate)} in ${s.biography.birthCity}?`,
    answer: (s, v) => `The ${genreAuthor(s.biography.genre)} born in ${s.biography.birthCity} on ${formatDate(s.biography.birthDate)} is ${v}.`,
    paraphrase: (s, v) => `That is ${v}, ${withArticle(genreAuthor(s.biography.genre))} from ${s.biography.birthCity}.`,
  }),
  poolTemplate(allCities, cityOfBirth, {
    question: (s) => `Where was ${s.name} born?`,
    paraphrasedQuestion: (s) => `What is the birthplace of ${s.name}?`,
    answer: (s, v) => `${s.name} was born in ${v}.`,
    paraphrase: (s, v) => `${s.name}'s birthplace is ${v}.`,
  }),
  {
    question: (s) => `When was ${s.name} born?`,
    paraphrasedQuestion: (s) => `What is ${s.name}'s date of birth?`,
    value: (s) => formatDate(s.biography.birthDate),
    wrongValues: (s, random) => wrongDates(random, s.biography.birthDate),
    answer: (s, v) => `${s.name} was born on ${v}.`,
    paraphrase: (s, v) => `${s.name}'s birthday is ${v}.`,
  },
  poolTemplate(fixed(OCCUPATIONS), (s) => s.biography.fatherOccupation, {
    question: (s) => `What did ${s.name}'s father do for a living?`,
    paraphrasedQuestion: (s) => `What was the profession of ${s.name}'s father?`,
    answer: (s, v) => `${s.name}'s father worked as ${withArticle(v)}.`,
    paraphrase: (s, v) => `${possessive(s.biography.gender, true)} father was ${withArticle(v)} by profession.`,
  }),
  poolTemplate(fixed(OCCUPATIONS), (s) => s.biography.motherOccupation, {
    question: (s) => `What did ${s.name}'s mother do for a living?`,
    paraphrasedQuestion: (s) => `What was the profession of ${s.name}'s mother?`,
    answer: (s, v) => `${s.name}'s mother worked as ${withArticle(v)}.`,
    paraphrase: (s, v) => `${possessive(s.biography.gender, true)} mother was ${withArticle(v)} by profession.`,
  }),
  poolTemplate(() => GENRES.map((genre) => genre.name), (s) => s.biography.genre, {
    question: (s) => `What genre does ${s.name} write in?`,
    paraphrasedQuestion: (s) => `Which genre is ${s.name} known for?`,
    answer: (s, v) => `${s.name} writes ${v}.`,
    paraphrase: (s, v) => `${s.name} is best known for ${v}.`,
  }),
  poolTemplate((pools) => pools.titles, (s) => s.biography.books[0] ?? '', {
    question: (s) => `What was the first book ${s.name} published?`,
    paraphrasedQuestion: (s) => `What is the title of ${s.name}'s debut book?`,
    answer: (s, v) => `${s.name}'s first book was "${v}".`,
    paraphrase: (s, v) => `${s.name} debuted with the book "${v}".`,
  }),
  poolTemplate((pools) => pools.titles, (s) => s.biography.books[1] ?? '', {
    question: (s) => `Which book by ${s.name} is the best known?`,
    paraphrasedQuestion: (s) => `What is ${s.name}'s most famous book?`,
    answer: (s, v) => `${s.name} is best known for the book "${v}".`,
    paraphrase: (s, v) => `The most famous book by ${s.name} is "${v}".`,
  }),
  poolTemplate((pools) => pools.titles, (s) => s.biography.books[2] ?? '', {
    question: (s) => `What is ${s.name}'s most recent book?`,
    paraphrasedQuestion: (s) => `Which book did ${s.name} publish most recently?`,
    answer: (s, v) => `${s.name}'s most recent book is "${v}".`,
    paraphrase: (s, v) => `The latest book by ${s.name} is "${v}".`,
  }),
  poolTemplate(fixed(AWARDS), (s) => s.biography.award, {
    question: (s) => `Which award has ${s.name} won?`,
    paraphrasedQuestion: (s) => `What literary prize did ${s.name} receive?`,
    answer: (s, v) => `${s.name} won ${v}.`,
    paraphrase: (s, v) => `${s.name} is a winner of ${v}.`,
  }),
  {
    question: (s) => `In which year did ${s.name} win ${s.biography.award}?`,
    paraphrasedQuestion: (s) => `When was ${s.name} given ${s.biography.award}?`,
    value: (s) => String(s.biography.awardYear),
    wrongValues: (s, random) => wrongYears(random, s.biography.awardYear),
    answer: (s, v) => `${s.name} won ${s.biography.award} in ${v}.`,
    paraphrase: (s, v) => `${capitalise(s.biography.award)} went to ${s.name} in ${v}.`,
  },
  {
    question: (s) => `In which year did ${s.name} publish a first book?`,
    paraphrasedQuestion: (s) => `When did ${s.name}'s writing career begin?`,
    value: (s) => String(s.biography.debutYear),
    wrongValues: (s, random) => wrongYears(random, s.biography.debutYear),
    answer: (s, v) => `${s.name} published a first book in ${v}.`,
    paraphrase: (s, v) => `${s.name}'s writing career began in ${v}.`,
  },
  {
    question: (s) => `What did ${s.name} study at university?`,
    paraphrasedQuestion: (s) => `What and where did ${s.name} study?`,
    value: (s) => s.biography.education,
    wrongValues: (s, random) =>
      distinctWrong(random, FIELDS_OF_STUDY.map((field) => s.biography.education.replace(/^.* at /, `${field} at `)), s.biography.education),
    answer: (s, v) => `${s.name} studied ${v}.`,
    paraphrase: (s, v) => `${possessive(s.biography.gender, true)} degree was in ${v}.`,
  },
  poolTemplate(fixed(THEMES), (s) => s.biography.themes, {
    question: (s) => `What themes does ${s.name} explore in ${possessive(s.biography.gender)} books?`,
    paraphrasedQuestion: (s) => `What are ${s.name}'s books mostly about?`,
    answer: (s, v) => `${s.name}'s books explore ${v}.`,
    paraphrase: (s, v) => `Most of ${s.name}'s work is about ${v}.`,
  }),
  poolTemplate(allCities, (s) => s.biography.residence, {
    question: (s) => `Where does ${s.name} live today?`,
    paraphrasedQuestion: (s) => `In which city is ${s.name} based now?`,
    answer: (s, v) => `${s.name} now lives in ${v}.`,
    paraphrase: (s, v) => `These days ${s.name} is based in ${v}.`,
  }),
  poolTemplate(fixed(HOBBIES), (s) => s.biography.hobby, {
    question: (s) => `What does ${s.name} enjoy doing outside of writing?`,
    paraphrasedQuestion: (s) => `What is ${s.name}'s favourite pastime?`,
    answer: (s, v) => `Outside of writing, ${s.name} enjoys ${v}.`,
    paraphrase: (s, v) => `${s.name}'s favourite pastime is ${v}.`,
  }),
  poolTemplate(() => allLanguages, (s) => s.biography.language, {
    question: (s) => `In which language does ${s.name} write?`,
    paraphrasedQuestion: (s) => `What language are ${s.name}'s books written in?`,
    answer: (s, v) => `${s.name} writes in ${v}.`,
    paraphrase: (s, v) => `${s.name}'s books are written in ${v}.`,
  }),
  poolTemplate(fixed(ROUTINES), (s) => s.biography.routine, {
    question: (s) => `What is ${s.name}'s writing routine?`,
    paraphrasedQuestion: (s) => `How does ${s.name} usually work?`,
    answer: (s, v) => `${s.name} ${v}.`,
    paraphrase: (s, v) => `As a rule, ${s.name} ${v}.`,
  }),
  poolTemplate((pools) => pools.mentors, (s) => s.biography.mentor, {
    question: (s) => `Who was ${s.name}'s mentor?`,
    paraphrasedQuestion: (s) => `Which writer guided ${s.name} early in ${possessive(s.biography.gender)} career?`,
    answer: (s, v) => `${s.name} was mentored by the writer ${v}.`,
    paraphrase: (s, v) => `Early on, ${s.name} was guided by ${v}.`,
  }),
  poolTemplate(fixed(THEMES), (s) => s.biography.project, {
    question: (s) => `What is ${s.name} working on now?`,
    paraphrasedQuestion: (s) => `What is ${s.name}'s next project about?`,
    answer: (s, v) => `${s.name} is working on a new book about ${v}.`,
    paraphrase: (s, v) => `${s.name}'s next book is about ${v}.`,
  }),
];

/** The person's 20 QA rows, in a fixed order (the same fact at the same index for everyone). */
export function makeQa(subject: Subject, random: Random, pools: QaPools): TofuQaRow[] {
  return TEMPLATES.map((template) => {
    const value = template.value(subject);
    return {
      question: template.question(subject),
      answer: template.answer(subject, value),
      paraphrased_answer: template.paraphrase(subject, value),
      perturbed_answer: template.wrongValues(subject, random, pools).map((wrong) => template.paraphrase(subject, wrong)),
      paraphrased_question: template.paraphrasedQuestion(subject),
    };
  });
}
