import { existsSync } from 'node:fs';
import { readPeople } from '../data/extras.js';
import { QA_PER_PERSON } from '../data/qa.js';
import { readCaptionConfig, readPerturbedConfig, readTofuConfig, readTofuQa } from '../data/read-config.js';
import { extraFiles } from '../data/configs.js';
import type { CaptionRow, PerturbedCaptionRow, TofuQaRow, TofuRow } from '../data/schema.js';
import { decodeRows, loadSharedRunData, loadUnseenRetainPictures, tofuSamples, type ClearRunData, type DecodeCache } from './clear-data.js';

// A right-to-be-forgotten request for named people (`clearbench forget --people`): their pictures and, where
// the dataset says whose each QA row is, their QA rows form the forget set; everyone else the retain set. The
// target model is the same as a standard run's (trained on everyone), so only the gold model and the methods
// depend on the request.

export interface ForgetRequest {
  people: readonly string[];
}

export class ForgetRequestError extends Error {
  override name = 'ForgetRequestError';
}

// What the loader found out about the request, for the audit report.
export interface CustomSplitNotes {
  qaMapped: boolean; // false: the dataset has no extra/people.json, so QA rows stay in the retain set
  synthesizedPerturbed: number; // forget pictures without perturbed captions in the dataset (see perturbedRow)
  forgetPictures: number;
  forgetQaRows: number;
}

export function editDistance(first: string, second: string): number {
  let previous = Array.from({ length: second.length + 1 }, (_, index) => index);
  for (let row = 1; row <= first.length; row++) {
    const current = [row];
    for (let column = 1; column <= second.length; column++) {
      const substitution = previous[column - 1]! + (first[row - 1] === second[column - 1] ? 0 : 1);
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[second.length]!;
}

// The closest names by edit distance (case-insensitive), nearest first.
export function closestNames(wanted: string, names: readonly string[], count = 3): string[] {
  const key = wanted.trim().toLowerCase();
  return names
    .map((name, index) => ({ name, index, distance: editDistance(key, name.toLowerCase()) }))
    .sort((first, second) => first.distance - second.distance || first.index - second.index)
    .slice(0, count)
    .map((entry) => entry.name);
}

// Requested names as the dataset spells them; case and spacing may differ. Unknown names are one error that
// suggests the closest known names for each.
export function resolvePeople(requested: readonly string[], known: readonly string[]): string[] {
  const normalize = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
  const byKey = new Map(known.map((name) => [normalize(name), name]));
  const resolved: string[] = [];
  const problems: string[] = [];
  for (const name of requested) {
    const match = byKey.get(normalize(name));
    if (match) {
      if (!resolved.includes(match)) resolved.push(match);
    } else {
      problems.push(`'${name}' is not a person of this dataset; closest names: ${closestNames(name, known).join(', ')}`);
    }
  }
  if (problems.length > 0) throw new ForgetRequestError(problems.join('\n'));
  if (resolved.length === 0) throw new ForgetRequestError('no people named: give at least one name');
  if (resolved.length >= known.length) throw new ForgetRequestError('every person of the dataset is named: nobody would be left to retain');
  return resolved;
}

// One item of each group in turn, so the first rows of a task (what `--compat reference` evaluates) cover
// every named person.
export function interleave<T>(groups: readonly (readonly T[])[]): T[] {
  const result: T[] = [];
  const longest = Math.max(0, ...groups.map((group) => group.length));
  for (let index = 0; index < longest; index++) for (const group of groups) if (index < group.length) result.push(group[index]!);
  return result;
}

// A picture that no perturbed config holds (the real CLEAR has perturbed captions for the forget10 and the
// retain_perturbed people only) gets wrong answers made from its own caption: the same caption naming
// another person of the dataset. No paraphrase exists, so the caption stands for it.
function perturbedRow(row: CaptionRow, others: readonly string[]): PerturbedCaptionRow {
  const swap = (name: string) => (row.caption.includes(row.name) ? row.caption.split(row.name).join(name) : `${name}. ${row.caption}`);
  return { ...row, paraphrased_caption: row.caption, perturbed_captions: others.map(swap), perturbed_names: [...others] };
}

// Up to five other people, following this one in the dataset's order (a fixed choice, not a random one).
function otherPeople(person: string, everyone: readonly string[]): string[] {
  const start = everyone.indexOf(person);
  const others: string[] = [];
  for (let step = 1; step < everyone.length && others.length < 5; step++) others.push(everyone[(start + step) % everyone.length]!);
  return others;
}

export async function loadCustomRunData(
  directory: string, request: ForgetRequest, imageSize: number, fallbackRefusals: readonly string[],
): Promise<{ data: ClearRunData; notes: CustomSplitNotes }> {
  const cache: DecodeCache = new Map();
  const [fullCaptions, fullRows, forgetPerturbedRows, retainPerturbedRows] = await Promise.all([
    readCaptionConfig(directory, 'full'), readTofuConfig(directory, 'full+tofu'),
    readPerturbedConfig(directory, 'forget10_perturbed'), readPerturbedConfig(directory, 'retain_perturbed'),
  ]);
  const everyone = [...new Set(fullCaptions.map((row) => row.name))];
  const people = resolvePeople(request.people, everyone);
  const forgotten = new Set(people);
  const names = new Map<string, string>();
  for (const row of [...forgetPerturbedRows, ...retainPerturbedRows, ...fullCaptions]) names.set(row.caption, row.name);

  // Whose each QA row is: our generator writes 20 per person in the order of extra/people.json, in full+tofu
  // and tofu/full alike. The real CLEAR says nothing of it, so there the QA rows stay in the retain set.
  const textRows = fullRows.filter((row) => row.image === null);
  const order = existsSync(extraFiles(directory).people) ? (await readPeople(directory)).people.map((person) => person.name) : null;
  const qaMapped = order !== null && textRows.length === order.length * QA_PER_PERSON;
  const qaOrder = qaMapped ? order : [];
  const qaPerson = (textIndex: number) => qaOrder[Math.floor(textIndex / QA_PER_PERSON)] ?? null;
  const forgetRows: TofuRow[] = [];
  const retainRows: TofuRow[] = [];
  let textIndex = 0;
  for (const row of fullRows) {
    const person = row.image !== null ? names.get(row.caption ?? '') ?? null : qaPerson(textIndex++);
    (person !== null && forgotten.has(person) ? forgetRows : retainRows).push(row);
  }

  const pool = new Map<string, PerturbedCaptionRow>();
  for (const row of [...forgetPerturbedRows, ...retainPerturbedRows]) pool.set(row.caption, row);
  let synthesizedPerturbed = 0;
  const perturbedOf = (person: string) => fullCaptions.filter((row) => row.name === person).map((row) => {
    const known = pool.get(row.caption);
    if (known) return known;
    synthesizedPerturbed++;
    return perturbedRow(row, otherPeople(person, everyone));
  });
  const forgetPerturbedRowsOfRequest = interleave(people.map(perturbedOf));
  const forgetPictures = forgetPerturbedRowsOfRequest.length;
  const retainPeople = [...new Set(retainPerturbedRows.map((row) => row.name))].filter((person) => !forgotten.has(person));
  const retainEvaluationPeople = retainPeople.length > 0 ? retainPeople : everyone.filter((person) => !forgotten.has(person)).slice(0, 1);
  const retainPerturbedRowsOfRequest = retainPeople.length > 0
    ? retainPerturbedRows.filter((row) => !forgotten.has(row.name))
    : retainEvaluationPeople.flatMap((person) => fullCaptions.filter((row) => row.name === person).map((row) => perturbedRow(row, otherPeople(person, everyone))));

  let forgetQa: TofuQaRow[] | null = null;
  let forgetQaPeople: string[] | undefined;
  let retainQa: TofuQaRow[] | null = null;
  if (existsSync(`${directory}/tofu`)) {
    if (qaMapped) {
      const qaRows = await readTofuQa(directory, 'full');
      const rowsOf = (person: string) => {
        const start = qaOrder.indexOf(person) * QA_PER_PERSON;
        return qaRows.slice(start, start + QA_PER_PERSON).map((row) => ({ row, person }));
      };
      const forgetPairs = interleave(people.map(rowsOf));
      forgetQa = forgetPairs.map((pair) => pair.row);
      forgetQaPeople = forgetPairs.map((pair) => pair.person);
      retainQa = retainEvaluationPeople.flatMap(rowsOf).map((pair) => pair.row);
    } else {
      retainQa = await readTofuQa(directory, 'retain_perturbed');
    }
  }

  const [full, retain, forget, forgetPerturbed, retainPerturbed, shared] = await Promise.all([
    tofuSamples(fullRows, imageSize, names, cache),
    tofuSamples(retainRows, imageSize, names, cache),
    tofuSamples(forgetRows, imageSize, names, cache),
    decodeRows(forgetPerturbedRowsOfRequest, imageSize, cache),
    decodeRows(retainPerturbedRowsOfRequest, imageSize, cache),
    loadSharedRunData(directory, imageSize, fallbackRefusals, cache),
  ]);
  const data: ClearRunData = {
    ...shared, full, retain, forget, forgetPerturbed, retainPerturbed, forgetQa, retainQa, forgetPeople: people,
    unseenRetainPictures: await loadUnseenRetainPictures(directory, imageSize, cache, forgotten),
    ...(forgetQaPeople ? { forgetQaPeople } : {}),
  };
  return { data, notes: { qaMapped, synthesizedPerturbed, forgetPictures, forgetQaRows: forgetQa?.length ?? 0 } };
}
