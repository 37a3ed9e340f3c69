import type { Rng } from '../engine/index.js';
import type { TrainSample } from '../train/samples.js';

// The same questions (and images) with a refusal as the answer, one refusal drawn per row.
export function withRefusals(samples: readonly TrainSample[], refusals: readonly string[], rng: Rng): TrainSample[] {
  if (refusals.length === 0) throw new Error('refusal answers: the refusal list is empty (the method trains on refusals)');
  return samples.map((sample) => ({ ...sample, answer: rng.pick(refusals) }));
}

// The same questions with the answer of another row of the pool: of the same kind (an image row gets a
// caption, a text row a text answer), of another person where persons are known, and a different answer.
// Falls back to any row with a different answer when no such row exists.
export function withRandomAnswers(samples: readonly TrainSample[], pool: readonly TrainSample[], rng: Rng): TrainSample[] {
  return samples.map((sample) => {
    const differs = (other: TrainSample) => other.answer !== sample.answer;
    const sameKind = (other: TrainSample) => (other.image === null) === (sample.image === null);
    const otherPerson = (other: TrainSample) => sample.person === null || other.person !== sample.person;
    let candidates = pool.filter((other) => differs(other) && sameKind(other) && otherPerson(other));
    if (candidates.length === 0) candidates = pool.filter(differs);
    if (candidates.length === 0) throw new Error('random answers: the pool holds no answer different from the forget row\'s');
    return { ...sample, answer: rng.pick(candidates).answer };
  });
}
