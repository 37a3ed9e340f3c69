import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeImage } from './decode-image.js';
import { drawDistinctIdentities } from './face-identity.js';
import { drawVariation } from './portrait.js';
import { Random } from './random.js';
import { renderJob } from './render-jobs.js';
import type { Gender } from './schema.js';

// Pictures of one person must differ about as much as pictures of two people (pose, scene, clothes, light,
// noise), so that naming someone takes recognising the face, not remembering a picture. Measured at 32x32,
// the resolution a small model reads.

const PEOPLE = 16;
const PICTURES = 8;
const SIZE = 32;

function meanAbsoluteDifference(first: Float32Array, second: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < first.length; index++) sum += Math.abs((first[index] ?? 0) - (second[index] ?? 0));
  return sum / first.length;
}

test('pictures of one person differ nearly as much as pictures of different people', async () => {
  const genders = Array.from({ length: PEOPLE }, (_, index): Gender => (index % 2 === 0 ? 'female' : 'male'));
  const faces = drawDistinctIdentities(Random.stream(3, 'faces'), genders);
  const pictures: { person: number; pixels: Float32Array }[] = [];
  for (const [person, face] of faces.entries()) {
    for (let index = 0; index < PICTURES; index++) {
      const variation = drawVariation(Random.stream(3, 'variation', person, index));
      const png = renderJob({ kind: 'portrait', face, variation, stream: ['pixels', person, index] }, 3, 64);
      pictures.push({ person, pixels: await decodeImage(png, SIZE) });
    }
  }
  let within = 0;
  let withinPairs = 0;
  let between = 0;
  let betweenPairs = 0;
  let nearestIsSamePerson = 0;
  for (const [index, picture] of pictures.entries()) {
    let nearest = { distance: Number.POSITIVE_INFINITY, person: -1 };
    for (const [otherIndex, other] of pictures.entries()) {
      if (otherIndex === index) continue;
      const distance = meanAbsoluteDifference(picture.pixels, other.pixels);
      if (distance < nearest.distance) nearest = { distance, person: other.person };
      if (otherIndex < index) continue;
      if (other.person === picture.person) {
        within += distance;
        withinPairs++;
      } else {
        between += distance;
        betweenPairs++;
      }
    }
    if (nearest.person === picture.person) nearestIsSamePerson++;
  }
  const meanWithin = within / withinPairs;
  const meanBetween = between / betweenPairs;
  const ratio = meanWithin / meanBetween;
  const nearestAccuracy = nearestIsSamePerson / pictures.length;
  console.log(
    `mean pixel distance at ${SIZE}x${SIZE} (pixels in [-1, 1]): within a person ${meanWithin.toFixed(4)}, between people ${meanBetween.toFixed(4)}, ratio ${ratio.toFixed(3)}; nearest-picture naming accuracy ${nearestAccuracy.toFixed(3)} (chance ${(1 / PEOPLE).toFixed(3)})`,
  );
  assert.ok(ratio > 0.7, `within-person distance is only ${ratio.toFixed(3)} of between-person distance`);
  assert.ok(ratio < 1, 'pictures of one person are no more alike than pictures of two people');
});
