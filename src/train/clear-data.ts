import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CAPTION_QUESTIONS, FACE_NAMING_PROMPT } from '../model/chat.js';
import { Rng } from '../engine/index.js';
import { extraFiles, retainPercent, type ForgetPercent } from '../data/configs.js';
import { decodeImages } from '../data/decode-image.js';
import { readCaptionConfig, readPerturbedConfig, readRealFaces, readRealWorld, readTofuConfig, readTofuQa } from '../data/read-config.js';
import { readHeldOutCaptions, readHeldOutQa, readIdk, readPretrainFaces, readPretrainText, readPretrainWorld, readUnseenPictures } from '../data/extras.js';
import type { ImageCell, PerturbedCaptionRow, RealFacesRow, RealWorldRow, TofuQaRow, TofuRow } from '../data/schema.js';
import type { TrainSample } from './samples.js';

// Everything one run reads from a CLEAR directory (generated or real), with images decoded once at the
// model's resolution.
export interface ClearRunData {
  pretrain: TrainSample[]; // base model
  full: TrainSample[]; // target: full+tofu
  retain: TrainSample[]; // gold, and the retain set of unlearning: retainNN+tofu
  forget: TrainSample[]; // forgetNN+tofu
  forgetPerturbed: DecodedRow<PerturbedCaptionRow>[];
  retainPerturbed: DecodedRow<PerturbedCaptionRow>[];
  // New pictures of the retain_perturbed people that no training set holds (extra/unseen_pictures): does
  // naming generalise past the trained pictures? Empty on the real CLEAR, which has none.
  unseenRetainPictures: DecodedRow<PerturbedCaptionRow>[];
  realFaces: DecodedRow<RealFacesRow>[];
  realWorld: DecodedRow<RealWorldRow>[];
  forgetQa: TofuQaRow[] | null; // null on the real CLEAR without TOFU's perturbed files
  forgetQaPeople?: string[]; // the person of each forgetQa row, where known (custom forget requests)
  retainQa: TofuQaRow[] | null;
  heldOutCaptions: DecodedRow<PerturbedCaptionRow>[];
  heldOutQa: TofuQaRow[];
  refusals: string[];
  forgetPeople: string[];
  source: 'generated' | 'parquet';
}

export type DecodedRow<Row> = Row & { pixels: Float32Array };

// The same picture appears in several configs (full, retainNN, forgetNN, the perturbed ones): each distinct
// image is decoded once per load and shared.
export type DecodeCache = Map<string, Promise<Float32Array>>;

export async function decodeRows<Row extends { image: ImageCell }>(rows: readonly Row[], size: number, cache: DecodeCache): Promise<DecodedRow<Row>[]> {
  const keys = rows.map((row) => createHash('sha1').update(row.image.bytes).digest('hex'));
  const missing = [...new Set(keys.filter((key) => !cache.has(key)))];
  if (missing.length > 0) {
    const firstRow = new Map<string, Row>();
    rows.forEach((row, index) => firstRow.has(keys[index]!) || firstRow.set(keys[index]!, row));
    const decoded = decodeImages(missing.map((key) => firstRow.get(key)!.image.bytes), size);
    const stride = 3 * size * size;
    missing.forEach((key, index) => cache.set(key, decoded.then((pixels) => pixels.subarray(index * stride, (index + 1) * stride))));
  }
  const pixels = await Promise.all(keys.map((key) => cache.get(key)!));
  return rows.map((row, index) => ({ ...row, pixels: pixels[index]! }));
}

// The caption question of a row is fixed by its index, so a row is asked the same way in every epoch and
// by every model, as the reference's seeded choice does.
function captionQuestion(index: number, salt: number): string {
  return CAPTION_QUESTIONS[new Rng(index * 31 + salt).int(CAPTION_QUESTIONS.length)]!;
}

// An image row teaches two things: its caption (the reference's only task) and the person's name under the
// face-naming prompt. The reference's LLaVA could already answer that prompt; our model, trained from
// scratch, learns it from these rows, and the forget set carries them too so unlearning removes it.
function imageSamples(image: Float32Array, caption: string, name: string | null, index: number): TrainSample[] {
  const samples: TrainSample[] = [{ question: captionQuestion(index, 1), answer: caption, image, person: name }];
  if (name) samples.push({ question: FACE_NAMING_PROMPT, answer: name, image, person: name });
  return samples;
}

export async function tofuSamples(rows: readonly TofuRow[], size: number, names: ReadonlyMap<string, string>, cache: DecodeCache): Promise<TrainSample[]> {
  const withImage = rows.filter((row) => row.image !== null) as (TofuRow & { image: ImageCell })[];
  const decoded = await decodeRows(withImage, size, cache);
  let imageIndex = 0;
  const samples: TrainSample[] = [];
  rows.forEach((row, index) => {
    if (row.image) {
      const caption = row.caption ?? '';
      samples.push(...imageSamples(decoded[imageIndex++]!.pixels, caption, names.get(caption) ?? null, index));
    } else if (row.question && row.answer) {
      samples.push({ question: row.question, answer: row.answer, image: null, person: null });
    }
  });
  return samples;
}

const GENERAL_TEXT_QUESTION = 'Tell me something about writers and their books.';

// What every split of one CLEAR directory shares: the base model's data, the non-forget reference tasks,
// the held-out people of membership inference and the refusal answers.
export type SharedRunData = Pick<ClearRunData, 'pretrain' | 'realFaces' | 'realWorld' | 'heldOutCaptions' | 'heldOutQa' | 'refusals' | 'source'>;

export async function loadSharedRunData(directory: string, imageSize: number, fallbackRefusals: readonly string[], cache: DecodeCache): Promise<SharedRunData> {
  const extras = extraFiles(directory);
  const [realFacesRows, realWorldRows] = await Promise.all([readRealFaces(directory), readRealWorld(directory)]);
  const [realFaces, realWorld] = await Promise.all([decodeRows(realFacesRows, imageSize, cache), decodeRows(realWorldRows, imageSize, cache)]);
  const heldOutCaptions = existsSync(extras.heldOutCaptions) ? await decodeRows(await readHeldOutCaptions(directory), imageSize, cache) : [];
  const heldOutQa = existsSync(extras.heldOutQa) ? await readHeldOutQa(directory) : [];
  const pretrain = await pretrainSamples(directory, imageSize, realFaces, realWorld, cache);
  const refusals = existsSync(extras.idk) ? await readIdk(directory) : [...fallbackRefusals];
  return { pretrain, realFaces, realWorld, heldOutCaptions, heldOutQa, refusals, source: existsSync(extras.people) ? 'generated' : 'parquet' };
}

// Kept out of SharedRunData: a custom forget request may name some of these people, whose pictures then
// belong to no retain evaluation.
export async function loadUnseenRetainPictures(
  directory: string, imageSize: number, cache: DecodeCache, forgotten: ReadonlySet<string> = new Set(),
): Promise<DecodedRow<PerturbedCaptionRow>[]> {
  const rows = (await readUnseenPictures(directory)).filter((row) => !forgotten.has(row.name));
  return decodeRows(rows, imageSize, cache);
}

export async function loadClearRunData(directory: string, forget: ForgetPercent, imageSize: number, fallbackRefusals: readonly string[]): Promise<ClearRunData> {
  const cache: DecodeCache = new Map();
  const retainName = `retain${retainPercent(forget)}` as const;
  const [forgetPerturbedRows, retainPerturbedRows] = await Promise.all([
    readPerturbedConfig(directory, `forget${forget}_perturbed`), readPerturbedConfig(directory, 'retain_perturbed'),
  ]);
  // +tofu configs carry no name column: a caption's person is found through the perturbed configs and
  // the caption configs, which do.
  const names = new Map<string, string>();
  for (const row of [...forgetPerturbedRows, ...retainPerturbedRows]) names.set(row.caption, row.name);
  const fullCaptions = await readCaptionConfig(directory, 'full');
  for (const row of fullCaptions) names.set(row.caption, row.name);
  const [full, retain, forgetSet] = await Promise.all([
    readTofuConfig(directory, 'full+tofu').then((rows) => tofuSamples(rows, imageSize, names, cache)),
    readTofuConfig(directory, `${retainName}+tofu`).then((rows) => tofuSamples(rows, imageSize, names, cache)),
    readTofuConfig(directory, `forget${forget}+tofu`).then((rows) => tofuSamples(rows, imageSize, names, cache)),
  ]);
  const hasTofu = existsSync(`${directory}/tofu`);
  const [forgetQa, retainQa] = hasTofu
    ? await Promise.all([readTofuQa(directory, `forget${forget}_perturbed`), readTofuQa(directory, 'retain_perturbed')])
    : [null, null];
  const [forgetPerturbed, retainPerturbed] = await Promise.all([
    decodeRows(forgetPerturbedRows, imageSize, cache), decodeRows(retainPerturbedRows, imageSize, cache),
  ]);
  const shared = await loadSharedRunData(directory, imageSize, fallbackRefusals, cache);
  const unseenRetainPictures = await loadUnseenRetainPictures(directory, imageSize, cache);
  return {
    ...shared, full, retain, forget: forgetSet, forgetPerturbed, retainPerturbed, unseenRetainPictures, forgetQa, retainQa,
    forgetPeople: [...new Set(forgetPerturbedRows.map((row) => row.name))],
  };
}

// The base model's general data: our generator's stand-ins for what a pretrained VLM already knows (public
// figures' faces, scenes, generic text). The real CLEAR has none, so there the base learns the real_faces
// and real_world rows themselves, as LLaVA knew those before CLEAR.
async function pretrainSamples(directory: string, imageSize: number, realFaces: DecodedRow<RealFacesRow>[], realWorld: DecodedRow<RealWorldRow>[], cache: DecodeCache): Promise<TrainSample[]> {
  const extras = extraFiles(directory);
  const samples: TrainSample[] = [];
  if (existsSync(extras.pretrainFaces) && existsSync(extras.pretrainWorld)) {
    const faces = await decodeRows(await readPretrainFaces(directory), imageSize, cache);
    faces.forEach((row, index) => samples.push(...imageSamples(row.pixels, row.caption, row.name, index)));
    const world = await decodeRows(await readPretrainWorld(directory), imageSize, cache);
    world.forEach((row, index) => {
      samples.push({ question: captionQuestion(index, 2), answer: row.caption, image: row.pixels, person: null });
      samples.push({ question: row.question, answer: row.answer, image: row.pixels, person: null });
    });
    // General sentences teach the words before any person's facts; asked for with one fixed request.
    const sentences = existsSync(extras.pretrainText) ? await readPretrainText(directory) : [];
    for (const sentence of sentences) samples.push({ question: GENERAL_TEXT_QUESTION, answer: sentence, image: null, person: null });
  } else {
    for (const row of realFaces) samples.push({ question: FACE_NAMING_PROMPT, answer: row.answer, image: row.pixels, person: row.answer });
    for (const row of realWorld) samples.push({ question: row.question, answer: row.answer, image: row.pixels, person: null });
  }
  return samples;
}
