import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { extraFiles } from './configs.js';
import { DataError } from './data-error.js';
import { writeFileAtomic } from './parquet-table.js';
import { readRows } from './read-config.js';
import { ROW_KINDS } from './row-kinds.js';
import type { CaptionRow, PerturbedCaptionRow, Person, PretrainWorldRow, PublicFigure, TofuQaRow } from './schema.js';

// Our files outside the real CLEAR schema, under DIR/extra/ (see README.md in this folder).

const biographySchema = z.object({
  gender: z.enum(['female', 'male', 'nonbinary']),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  birthCity: z.string().min(1),
  birthCountry: z.string().min(1),
  nationality: z.string().min(1),
  fatherOccupation: z.string().min(1),
  motherOccupation: z.string().min(1),
  genre: z.string().min(1),
  books: z.array(z.string().min(1)).min(1),
  award: z.string().min(1),
  awardYear: z.number().int(),
  debutYear: z.number().int(),
  education: z.string().min(1),
  themes: z.string().min(1),
  residence: z.string().min(1),
  hobby: z.string().min(1),
  language: z.string().min(1),
  routine: z.string().min(1),
  mentor: z.string().min(1),
  project: z.string().min(1),
});

const personSchema = z.object({
  id: z.number().int().min(0),
  name: z.string().min(1),
  biography: biographySchema,
  appearance: z.string(),
  splits: z.array(z.string()),
});

const figureSchema = z.object({
  id: z.number().int().min(0),
  name: z.string().min(1),
  nationality: z.string().min(1),
  profession: z.string().min(1),
  appearance: z.string(),
});

const peopleFileSchema = z.object({
  format: z.literal('clearbench-people'),
  version: z.literal(1),
  seed: z.number().int(),
  people: z.array(personSchema),
  heldOut: z.array(personSchema),
  publicFigures: z.array(figureSchema),
});

const idkFileSchema = z.object({ format: z.literal('clearbench-idk'), version: z.literal(1), answers: z.array(z.string().min(1)).min(1) });
const pretrainTextSchema = z.object({ format: z.literal('clearbench-pretrain-text'), version: z.literal(1), sentences: z.array(z.string().min(1)) });
const manifestSchema = z.object({
  format: z.literal('clearbench-dataset'),
  version: z.literal(1),
  seed: z.number().int(),
  people: z.number().int(),
  imageSize: z.number().int(),
});

export type PeopleFile = z.infer<typeof peopleFileSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

async function readJson<Schema extends z.ZodType>(file: string, label: string, schema: Schema): Promise<z.infer<Schema>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DataError({ file, config: label, row: null, column: null, message: 'file is missing' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError({ file, config: label, row: null, column: null, message: `not valid JSON (${String(error)})` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const row = path.find((part): part is number => typeof part === 'number') ?? null;
    const column = path.filter((part) => typeof part === 'string').join('.') || null;
    throw new DataError({ file, config: label, row, column, message: issue?.message ?? 'does not match its schema' });
  }
  return parsed.data;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function writePeopleFile(dir: string, seed: number, people: Person[], heldOut: Person[], publicFigures: PublicFigure[]): Promise<void> {
  const file: PeopleFile = { format: 'clearbench-people', version: 1, seed, people, heldOut, publicFigures };
  await writeFileAtomic(extraFiles(dir).people, json(file));
}

export async function writeIdk(dir: string, answers: string[]): Promise<void> {
  await writeFileAtomic(extraFiles(dir).idk, json({ format: 'clearbench-idk', version: 1, answers }));
}

export async function writePretrainText(dir: string, sentences: string[]): Promise<void> {
  await writeFileAtomic(extraFiles(dir).pretrainText, json({ format: 'clearbench-pretrain-text', version: 1, sentences }));
}

/** Written last by the generator, so its presence means the whole dataset was written. */
export async function writeManifest(dir: string, manifest: Omit<Manifest, 'format' | 'version'>): Promise<void> {
  await writeFileAtomic(extraFiles(dir).manifest, json({ format: 'clearbench-dataset', version: 1, ...manifest }));
}

export function readPeople(dir: string): Promise<PeopleFile> {
  return readJson(extraFiles(dir).people, 'extra/people', peopleFileSchema);
}

export async function readIdk(dir: string): Promise<string[]> {
  return (await readJson(extraFiles(dir).idk, 'extra/idk', idkFileSchema)).answers;
}

export async function readPretrainText(dir: string): Promise<string[]> {
  return (await readJson(extraFiles(dir).pretrainText, 'extra/pretrain_text', pretrainTextSchema)).sentences;
}

export function readManifest(dir: string): Promise<Manifest> {
  return readJson(extraFiles(dir).manifest, 'extra/manifest', manifestSchema);
}

export function readHeldOutCaptions(dir: string): Promise<PerturbedCaptionRow[]> {
  return readRows(extraFiles(dir).heldOutCaptions, 'extra/held_out/captions', ROW_KINDS.perturbed);
}

/**
 * New pictures of the `retain_perturbed` people, in no CLEAR config (the generalisation check of face
 * naming); [] when the file is absent, as in the real CLEAR or a dataset generated before it existed.
 */
export async function readUnseenPictures(dir: string): Promise<PerturbedCaptionRow[]> {
  const file = extraFiles(dir).unseenPictures;
  const present = await stat(file).then(() => true, () => false);
  return present ? readRows(file, 'extra/unseen_pictures/captions', ROW_KINDS.perturbed) : [];
}

export function readHeldOutQa(dir: string): Promise<TofuQaRow[]> {
  return readRows(extraFiles(dir).heldOutQa, 'extra/held_out/qa', ROW_KINDS.tofuQa);
}

export function readPretrainFaces(dir: string): Promise<CaptionRow[]> {
  return readRows(extraFiles(dir).pretrainFaces, 'extra/pretrain_faces', ROW_KINDS.caption);
}

export function readPretrainWorld(dir: string): Promise<PretrainWorldRow[]> {
  return readRows(extraFiles(dir).pretrainWorld, 'extra/pretrain_world', ROW_KINDS.pretrainWorld);
}

export interface Extras {
  manifest: Manifest;
  people: PeopleFile;
  idk: string[];
  pretrainText: string[];
  heldOutCaptions: PerturbedCaptionRow[];
  heldOutQa: TofuQaRow[];
  unseenPictures: PerturbedCaptionRow[];
  pretrainFaces: CaptionRow[];
  pretrainWorld: PretrainWorldRow[];
}

/** Every extra file at once (they only exist for generated datasets). */
export async function readExtras(dir: string): Promise<Extras> {
  const [manifest, people, idk, pretrainText, heldOutCaptions, heldOutQa, unseenPictures, pretrainFaces, pretrainWorld] = await Promise.all([
    readManifest(dir),
    readPeople(dir),
    readIdk(dir),
    readPretrainText(dir),
    readHeldOutCaptions(dir),
    readHeldOutQa(dir),
    readUnseenPictures(dir),
    readPretrainFaces(dir),
    readPretrainWorld(dir),
  ]);
  return { manifest, people, idk, pretrainText, heldOutCaptions, heldOutQa, unseenPictures, pretrainFaces, pretrainWorld };
}
