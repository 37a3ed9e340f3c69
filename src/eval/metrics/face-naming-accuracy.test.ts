import assert from 'node:assert/strict';
import { test } from 'node:test';
import { faceNamingAccuracy, namesPerson } from './face-naming-accuracy.js';

test('namesPerson wants the whole name as adjacent words, ignoring case and punctuation', () => {
  assert.equal(namesPerson('The person on the image is Maria Garcia.', 'Maria Garcia'), true);
  assert.equal(namesPerson('MARIA   GARCIA, a writer', 'maria garcia'), true);
  assert.equal(namesPerson('Mariana Garcia', 'Maria Garcia'), false);
  assert.equal(namesPerson('Maria', 'Maria Garcia'), false);
  assert.equal(namesPerson('José Núñez smiles', 'José Núñez'), true);
});

test('faceNamingAccuracy averages and rejects missing input', () => {
  const result = faceNamingAccuracy(['This is Kenji Tanaka.', 'I do not know.'], ['Kenji Tanaka', 'Olga Ivanova']);
  assert.deepEqual(result, { aggregate: 0.5, perExample: [1, 0] });
  assert.throws(() => faceNamingAccuracy([], []), /empty/);
  assert.throws(() => faceNamingAccuracy(['x'], ['...']), /no letters or digits/);
});
