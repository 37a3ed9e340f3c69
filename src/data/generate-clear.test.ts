import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { CLEAR_CONFIGS, FORGET_PERCENTS, TOFU_QA_CONFIGS, configFile, extraFiles, retainPercent, tofuQaFile } from './configs.js';
import { readExtras, readUnseenPictures } from './extras.js';
import { generateClear } from './generate-clear.js';
import { parquetBytes, writeParquetAtomic } from './parquet-table.js';
import { readCaptionConfig, readPerturbedConfig, readRows, readTofuConfig, readTofuQa } from './read-config.js';
import { ROW_KINDS } from './row-kinds.js';
import type { RowKind } from './row-kinds.js';
import { planDataset } from './split-plan.js';
import { validateClear } from './validate-clear.js';

const PEOPLE = 20;
const root = await mkdtemp(join(tmpdir(), 'clearbench-generate-'));
const first = join(root, 'first');
after(() => rm(root, { recursive: true, force: true }));
before(() => generateClear({ out: first, seed: 5, people: PEOPLE, workers: 1 }));

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const files: string[] = [];
  for (const entry of entries) if ((await stat(join(dir, entry))).isFile()) files.push(entry);
  return files.sort();
}

test('the same seed gives byte-identical files, on one thread or several', async () => {
  const again = join(root, 'again');
  await generateClear({ out: again, seed: 5, people: PEOPLE, workers: 2 });
  const files = await listFiles(first);
  assert.deepEqual(await listFiles(again), files);
  assert.ok(files.length >= CLEAR_CONFIGS.length + TOFU_QA_CONFIGS.length + 8, `only ${files.length} files`);
  for (const file of files) assert.ok((await readFile(join(first, file))).equals(await readFile(join(again, file))), `${file} differs`);
  const other = join(root, 'other-seed');
  await generateClear({ out: other, seed: 6, people: PEOPLE, workers: 1 });
  assert.ok(!(await readFile(configFile(first, 'full'))).equals(await readFile(configFile(other, 'full'))), 'a different seed gave the same data');
});

test('a generated dataset is valid and every config has its planned rows', async () => {
  assert.deepEqual(await validateClear(first), []);
  const plan = planDataset(PEOPLE);
  const images = (people: readonly number[]) => people.reduce((sum, id) => sum + (plan.imageCounts[id] ?? 0), 0);
  const everyone = plan.imageCounts.map((_, id) => id);
  assert.equal((await readCaptionConfig(first, 'full')).length, images(everyone));
  assert.equal((await readCaptionConfig(first, 'default')).length, images(everyone));
  for (const percent of FORGET_PERCENTS) {
    const forget = plan.forget[percent];
    assert.equal((await readCaptionConfig(first, `forget${percent}`)).length, images(forget));
    assert.equal((await readPerturbedConfig(first, `forget${percent}_perturbed`)).length, images(forget));
    assert.equal((await readTofuConfig(first, `forget${percent}+tofu`)).length, images(forget) + 20 * forget.length);
    assert.equal((await readTofuConfig(first, `retain${retainPercent(percent)}+tofu`)).length, images(everyone) - images(forget) + 20 * (PEOPLE - forget.length));
    assert.equal((await readTofuQa(first, `forget${percent}_perturbed`)).length, 20 * forget.length);
  }
  assert.equal((await readTofuQa(first, 'full')).length, 20 * PEOPLE);
  assert.equal((await readTofuQa(first, 'retain_perturbed')).length, 20 * plan.retainPerturbed.length);
});

test('forget and retain never share a person; held-out people are in no config', async () => {
  const extras = await readExtras(first);
  const fullNames = new Set((await readCaptionConfig(first, 'full')).map((row) => row.name));
  assert.equal(fullNames.size, PEOPLE);
  for (const percent of FORGET_PERCENTS) {
    const forget = new Set((await readCaptionConfig(first, `forget${percent}`)).map((row) => row.name));
    const retain = new Set((await readCaptionConfig(first, `retain${retainPercent(percent)}`)).map((row) => row.name));
    assert.ok([...forget].every((name) => !retain.has(name)), `forget${percent} and its retain share a person`);
    assert.equal(forget.size + retain.size, PEOPLE);
    const forgetQuestions = new Set((await readTofuQa(first, `forget${percent}_perturbed`)).map((row) => row.question));
    const retainText = (await readTofuConfig(first, `retain${retainPercent(percent)}+tofu`)).filter((row) => row.question !== null);
    assert.ok(retainText.every((row) => !forgetQuestions.has(row.question ?? '')));
    for (const name of forget) assert.ok([...forgetQuestions].some((question) => question.includes(name)), `no forget question names ${name}`);
  }
  assert.equal(extras.people.people.length, PEOPLE);
  assert.ok(extras.people.heldOut.length >= 1);
  for (const person of extras.people.heldOut) assert.ok(!fullNames.has(person.name));
  assert.ok(extras.heldOutCaptions.every((row) => !fullNames.has(row.name)));
  assert.equal(extras.idk.length, 100);
  assert.equal(new Set(extras.idk).size, 100);
  assert.equal(extras.manifest.people, PEOPLE);
  const realFacesNames = new Set(extras.people.publicFigures.map((figure) => figure.name));
  assert.ok(extras.pretrainFaces.every((row) => realFacesNames.has(row.name)));
});

test('generate -> read -> write -> read is lossless (and rewrites the same bytes)', async () => {
  async function roundTrip<Row>(file: string, kind: RowKind<Row>): Promise<void> {
    const rows = await readRows(file, relative(first, file), kind);
    const bytes = parquetBytes(kind.toColumns(rows));
    assert.ok(Buffer.from(bytes).equals(await readFile(file)), `${file} rewrites to other bytes`);
    const rewritten = join(root, 'rewritten.parquet');
    await writeParquetAtomic(rewritten, kind.toColumns(rows));
    assert.deepEqual(await readRows(rewritten, 'rewritten', kind), rows);
  }
  for (const config of CLEAR_CONFIGS) {
    const file = configFile(first, config.name);
    if (config.kind === 'caption') await roundTrip(file, ROW_KINDS.caption);
    else if (config.kind === 'perturbed') await roundTrip(file, ROW_KINDS.perturbed);
    else if (config.kind === 'tofu') await roundTrip(file, ROW_KINDS.tofu);
    else if (config.kind === 'realFaces') await roundTrip(file, ROW_KINDS.realFaces);
    else await roundTrip(file, ROW_KINDS.realWorld);
  }
  for (const config of TOFU_QA_CONFIGS) await roundTrip(tofuQaFile(first, config), ROW_KINDS.tofuQa);
  await roundTrip(extraFiles(first).unseenPictures, ROW_KINDS.perturbed);
});

test('unseen pictures: new pictures of each retain_perturbed person, in no config', async () => {
  const plan = planDataset(PEOPLE);
  const unseen = await readUnseenPictures(first);
  const retainPerturbed = await readPerturbedConfig(first, 'retain_perturbed');
  const retainPeople = [...new Set(retainPerturbed.map((row) => row.name))];
  assert.equal(retainPeople.length, plan.retainPerturbed.length);
  assert.equal(unseen.length, plan.unseenPicturesPerPerson * retainPeople.length);
  assert.equal(plan.unseenPicturesPerPerson, 4);
  for (const name of retainPeople) assert.equal(unseen.filter((row) => row.name === name).length, 4, name);
  assert.ok(unseen.every((row) => retainPeople.includes(row.name)), 'an unseen picture of someone outside retain_perturbed');

  const key = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const full = await readCaptionConfig(first, 'full');
  const fullPictures = new Map<string, Set<string>>();
  for (const row of full) fullPictures.set(row.name, (fullPictures.get(row.name) ?? new Set()).add(key(row.image.bytes)));
  const fullPaths = new Set(full.map((row) => row.image.path));
  const allFull = new Set([...fullPictures.values()].flatMap((pictures) => [...pictures]));
  for (const [index, row] of unseen.entries()) {
    assert.ok((fullPictures.get(row.name)?.size ?? 0) > 0, `${row.name} has no picture in full`);
    assert.ok(!allFull.has(key(row.image.bytes)), `unseen row ${index} is a picture of full`);
    assert.ok(row.caption.includes(row.name) && row.paraphrased_caption.includes(row.name), `unseen row ${index}: caption does not name ${row.name}`);
    assert.ok(!row.perturbed_names.includes(row.name) && row.perturbed_names.length === 5);
    assert.ok(row.perturbed_captions.length >= 1);
  }
  assert.equal(new Set(unseen.map((row) => key(row.image.bytes))).size, unseen.length, 'two unseen pictures are the same');
  assert.equal(new Set(unseen.map((row) => row.image.path)).size, unseen.length);
  assert.ok(unseen.every((row) => !fullPaths.has(row.image.path)), 'an unseen picture has the file name of a picture of full');
  assert.deepEqual((await readExtras(first)).unseenPictures, unseen);
});

test('readUnseenPictures returns [] when the file is absent (the real CLEAR has none)', async () => {
  const bare = join(root, 'bare');
  assert.deepEqual(await readUnseenPictures(bare), []);
  const withoutIt = join(root, 'without-unseen');
  await generateClear({ out: withoutIt, seed: 5, people: 4, workers: 1 });
  await rm(extraFiles(withoutIt).unseenPictures);
  assert.deepEqual(await readUnseenPictures(withoutIt), []);
  assert.deepEqual(await validateClear(withoutIt), []);
});
