import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extraFiles } from '../data/configs.js';
import { generateClear } from '../data/generate-clear.js';
import { readPeople } from '../data/extras.js';
import { loadClearRunData } from './clear-data.js';
import { loadCustomRunData } from './custom-forget.js';

const SIZE = 16;

test('unseen retain pictures: decoded beside retain_perturbed, dropped with a forgotten person, empty without the file', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'clearbench-clear-data-'));
  try {
    await generateClear({ out: directory, seed: 3, people: 8, imageSize: SIZE, workers: 1 });
    const data = await loadClearRunData(directory, '10', SIZE, []);
    const retainPeople = [...new Set(data.retainPerturbed.map((row) => row.name))];
    assert.ok(retainPeople.length > 0);
    assert.equal(data.unseenRetainPictures.length, 4 * retainPeople.length);
    for (const name of retainPeople) assert.equal(data.unseenRetainPictures.filter((row) => row.name === name).length, 4);
    const samePixels = (first: Float32Array, second: Float32Array) => first.every((value, index) => value === second[index]);
    const trained = data.full.filter((sample) => sample.image !== null).map((sample) => sample.image!);
    for (const row of data.unseenRetainPictures) {
      assert.equal(row.pixels.length, 3 * SIZE * SIZE);
      assert.ok(!trained.some((image) => samePixels(image, row.pixels)), `an unseen picture of ${row.name} is a training picture`);
    }

    // A custom request that forgets a retain_perturbed person leaves none of their pictures for evaluation.
    const forgotten = retainPeople[0]!;
    const everyone = (await readPeople(directory)).people.map((person) => person.name);
    assert.ok(everyone.includes(forgotten));
    const { data: custom } = await loadCustomRunData(directory, { people: [forgotten] }, SIZE, []);
    assert.ok(custom.unseenRetainPictures.every((row) => row.name !== forgotten));
    assert.equal(custom.unseenRetainPictures.length, 4 * (retainPeople.length - 1));

    rmSync(extraFiles(directory).unseenPictures);
    assert.deepEqual((await loadClearRunData(directory, '10', SIZE, [])).unseenRetainPictures, []);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
