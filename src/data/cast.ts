import { drawBiography, drawGender, drawName } from './biography.js';
import type { UsedWords } from './biography.js';
import { CULTURES } from './cultures.js';
import { describeIdentity, drawDistinctIdentities } from './face-identity.js';
import type { FaceIdentity } from './face-identity.js';
import { Random } from './random.js';
import type { Gender, Person, PublicFigure } from './schema.js';
import { splitsOf } from './split-plan.js';
import type { DatasetPlan } from './split-plan.js';
import { PROFESSIONS } from './vocabulary.js';

/** Everyone the generator draws: CLEAR people, held-out people, public figures, each with a face. */
export interface Cast {
  people: Person[];
  heldOut: Person[];
  figures: PublicFigure[];
  faces: { people: FaceIdentity[]; heldOut: FaceIdentity[]; figures: FaceIdentity[] };
}

function drawPeople(seed: number, group: string, count: number, used: UsedWords): { person: Omit<Person, 'appearance' | 'splits'>; gender: Gender }[] {
  return Array.from({ length: count }, (_, id) => {
    const random = Random.stream(seed, group, id);
    const culture = random.pick(CULTURES);
    const gender = drawGender(random);
    const name = drawName(random, culture, gender, used);
    return { person: { id, name, biography: drawBiography(random, culture, gender, used) }, gender };
  });
}

export function createCast(seed: number, plan: DatasetPlan): Cast {
  const used: UsedWords = { names: new Set(), titles: new Set() };
  const people = drawPeople(seed, 'person', plan.people, used);
  const heldOut = drawPeople(seed, 'held-out', plan.heldOut, used);
  const figures = Array.from({ length: plan.publicFigures }, (_, id) => {
    const random = Random.stream(seed, 'figure', id);
    const culture = random.pick(CULTURES);
    const gender = drawGender(random);
    return { id, name: drawName(random, culture, gender, used), nationality: culture.nationality, profession: random.pick(PROFESSIONS), gender };
  });
  const genders = [...people, ...heldOut, ...figures].map((entry) => entry.gender);
  const faces = drawDistinctIdentities(Random.stream(seed, 'faces'), genders);
  const peopleFaces = faces.slice(0, people.length);
  const heldOutFaces = faces.slice(people.length, people.length + heldOut.length);
  const figureFaces = faces.slice(people.length + heldOut.length);
  const faceAt = (list: FaceIdentity[], index: number): FaceIdentity => {
    const face = list[index];
    if (face === undefined) throw new Error(`no face drawn for index ${index}`);
    return face;
  };
  return {
    people: people.map(({ person }, id) => ({ ...person, appearance: describeIdentity(faceAt(peopleFaces, id)), splits: splitsOf(plan, id) })),
    heldOut: heldOut.map(({ person }, id) => ({ ...person, appearance: describeIdentity(faceAt(heldOutFaces, id)), splits: [] })),
    figures: figures.map(({ id, name, nationality, profession }) => ({ id, name, nationality, profession, appearance: describeIdentity(faceAt(figureFaces, id)) })),
    faces: { people: peopleFaces, heldOut: heldOutFaces, figures: figureFaces },
  };
}
