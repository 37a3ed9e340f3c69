import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClear } from '../data/generate-clear.js';
import { readPeople } from '../data/extras.js';
import { QA_PER_PERSON } from '../data/qa.js';
import { closestNames, editDistance, ForgetRequestError, interleave, loadCustomRunData, resolvePeople } from './custom-forget.js';

test('edit distance and the closest names', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  const names = ['Marta Kaminska', 'Huia Tawhiri', 'Rahul Pillai', 'Martin Kaminski'];
  assert.deepEqual(closestNames('marta kaminsk', names, 2), ['Marta Kaminska', 'Martin Kaminski']);
});

test('requested names resolve to the dataset spelling; unknown ones fail with suggestions', () => {
  const known = ['Marta Kaminska', 'Huia Tawhiri', 'Rahul Pillai'];
  assert.deepEqual(resolvePeople([' huia  tawhiri', 'Marta Kaminska', 'MARTA KAMINSKA'], known), ['Huia Tawhiri', 'Marta Kaminska']);
  assert.throws(() => resolvePeople(['Rahul Pilai', 'Nobody'], known), (error: unknown) => {
    assert.ok(error instanceof ForgetRequestError);
    assert.match(error.message, /'Rahul Pilai' is not a person of this dataset; closest names: Rahul Pillai/);
    assert.match(error.message, /'Nobody'/);
    return true;
  });
  assert.throws(() => resolvePeople(known, known), /nobody would be left/);
  assert.throws(() => resolvePeople([], known), /at least one name/);
});

test('interleave takes one of each group in turn', () => {
  assert.deepEqual(interleave([[1, 2, 3], [10], [20, 21]]), [1, 10, 20, 2, 21, 3]);
  assert.deepEqual(interleave([]), []);
});

test('a custom split of a generated dataset: the named people forgotten, pictures and QA, everyone else kept', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'clearbench-custom-'));
  try {
    await generateClear({ out: directory, seed: 3, people: 8, imageSize: 16, workers: 1 });
    const everyone = (await readPeople(directory)).people.map((person) => person.name);
    const named = [everyone[2]!, everyone[5]!];
    const { data, notes } = await loadCustomRunData(directory, { people: named.map((name) => name.toUpperCase()) }, 16, ['I do not know.']);
    assert.deepEqual(data.forgetPeople, named);
    assert.equal(notes.qaMapped, true);
    assert.equal(notes.forgetQaRows, 2 * QA_PER_PERSON);
    const forgottenPictures = data.forget.filter((sample) => sample.image !== null);
    assert.ok(forgottenPictures.length > 0);
    assert.ok(forgottenPictures.every((sample) => sample.person !== null && named.includes(sample.person)));
    assert.ok(data.retain.every((sample) => sample.person === null || !named.includes(sample.person)));
    assert.equal(data.forget.length + data.retain.length, data.full.length);
    assert.equal(data.forget.filter((sample) => sample.image === null).length, 2 * QA_PER_PERSON);
    // Each forgotten QA row mentions its person (the generator's QA names them), none of the retained ones does.
    const textOf = (sample: { question: string; answer: string }) => `${sample.question} ${sample.answer}`;
    assert.ok(data.forget.filter((sample) => sample.image === null).every((sample) => named.some((name) => textOf(sample).includes(name.split(' ')[0]!))));
    assert.ok(data.retain.filter((sample) => sample.image === null).every((sample) => !named.some((name) => textOf(sample).includes(name))));
    // Evaluation rows alternate between the people, so a row cap still covers both.
    assert.deepEqual(data.forgetPerturbed.slice(0, 2).map((row) => row.name), named);
    assert.deepEqual(data.forgetQaPeople?.slice(0, 2), named);
    assert.ok(data.retainPerturbed.length > 0 && data.retainPerturbed.every((row) => !named.includes(row.name)));
    assert.ok(data.unseenRetainPictures.length > 0 && data.unseenRetainPictures.every((row) => !named.includes(row.name)));
    for (const row of data.forgetPerturbed) {
      assert.ok(row.perturbed_names.length > 0 && !row.perturbed_names.includes(row.name));
      assert.equal(row.perturbed_captions.length, row.perturbed_names.length);
    }
    await assert.rejects(loadCustomRunData(directory, { people: [`${everyone[0]!}x`] }, 16, []), new RegExp(`closest names: ${everyone[0]!}`));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
