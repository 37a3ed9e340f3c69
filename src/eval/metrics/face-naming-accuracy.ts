// Face-naming accuracy (ours, beyond the reference): did the greedy generation name the right person?
// ROUGE-L recall against a two-word name rewards half a name; accuracy asks for the whole name, as a
// word sequence, anywhere in the generation ("This is Maria Garcia." names Maria Garcia; "Mariana
// Garcia" and "Maria" do not). Case, punctuation and Unicode compatibility forms are ignored.
import type { MetricResult } from './metric-result.js';
import { mean, requireSameLength } from './metric-result.js';

function normalisedWords(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** 1 when `generation` contains every word of `name`, in order and adjacent; 0 otherwise. */
export function namesPerson(generation: string, name: string): boolean {
  const target = normalisedWords(name);
  if (target === '') throw new RangeError('faceNamingAccuracy: a reference name has no letters or digits');
  return ` ${normalisedWords(generation)} `.includes(` ${target} `);
}

export function faceNamingAccuracy(generations: readonly string[], names: readonly string[]): MetricResult {
  requireSameLength(generations, names, 'faceNamingAccuracy', 'generations', 'names');
  const perExample = generations.map((generation, index) => (namesPerson(generation, names[index] ?? '') ? 1 : 0));
  return { aggregate: mean(perExample, 'faceNamingAccuracy'), perExample };
}
