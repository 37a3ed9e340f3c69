import { availableParallelism } from 'node:os';
import { figureCaption, makeCaptions } from './captions.js';
import { createCast } from './cast.js';
import type { Cast } from './cast.js';
import type { FaceIdentity } from './face-identity.js';
import { refusalAnswers } from './idk.js';
import { drawVariation } from './portrait.js';
import { pretrainSentences } from './pretrain-text.js';
import { makeQa } from './qa.js';
import { Random } from './random.js';
import { RenderPool } from './render-pool.js';
import type { CaptionRow, Person, PerturbedCaptionRow, PretrainWorldRow, RealFacesRow, RealWorldRow, TofuQaRow } from './schema.js';
import { planDataset } from './split-plan.js';
import type { DatasetPlan } from './split-plan.js';
import { askAboutScene, describeScene, drawWorldScene } from './world-scenes.js';

export interface GenerateProgress {
  stage: 'portraits' | 'faces' | 'scenes' | 'writing';
  done: number;
  total: number;
}

/** Every row the generator writes, grouped by person where it belongs to one. */
export interface RenderedDataset {
  plan: DatasetPlan;
  cast: Cast;
  portraits: PerturbedCaptionRow[][];
  qa: TofuQaRow[][];
  heldOutPortraits: PerturbedCaptionRow[][];
  /** New pictures of each `retain_perturbed` person (in `plan.retainPerturbed` order), in no config. */
  unseenPortraits: PerturbedCaptionRow[][];
  heldOutQa: TofuQaRow[][];
  realFaces: RealFacesRow[];
  pretrainFaces: CaptionRow[];
  realWorld: RealWorldRow[];
  pretrainWorld: PretrainWorldRow[];
  pretrainText: string[];
  idk: string[];
}

export interface RenderOptions {
  seed: number;
  people: number;
  imageSize: number;
  /** Worker threads that draw pictures; 0 or 1 draws on the calling thread. Never changes the output. */
  workers?: number;
  onProgress?: (progress: GenerateProgress) => void;
}

function fileStem(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function numbered(stem: string, index: number): string {
  return `${stem}_${String(index).padStart(2, '0')}.png`;
}

function numberedUnseen(stem: string, index: number): string {
  return numbered(`${stem}_unseen`, index);
}

function faceAt(faces: readonly FaceIdentity[], index: number): FaceIdentity {
  const face = faces[index];
  if (face === undefined) throw new Error(`missing face ${index}`);
  return face;
}

/**
 * Draws the whole dataset in memory. Each picture, caption and QA set has its own named random stream
 * (what it shows, its pixel details, its words), so nothing depends on drawing order or thread.
 */
export async function renderDataset(options: RenderOptions): Promise<RenderedDataset> {
  const { seed, imageSize, onProgress } = options;
  const plan = planDataset(options.people);
  const cast = createCast(seed, plan);
  const unseenImages = plan.retainPerturbed.length * plan.unseenPicturesPerPerson;
  const totalImages = plan.imageCounts.reduce((sum, count) => sum + count, 0) + plan.heldOut * 19 + unseenImages;
  const workers = options.workers ?? (totalImages > 400 ? Math.min(4, availableParallelism()) : 1);
  const pool = new RenderPool(seed, imageSize, workers);
  const captionPools = {
    names: cast.people.map((person) => person.name),
    titles: [...cast.people, ...cast.heldOut].flatMap((person) => person.biography.books),
  };
  const qaPools = { ...captionPools, mentors: [...cast.people, ...cast.heldOut].map((person) => person.biography.mentor) };
  let portraitsDone = 0;

  const portraitsOf = async (group: string, person: Person, face: FaceIdentity, count: number, fileName = numbered): Promise<PerturbedCaptionRow[]> => {
    const rows: PerturbedCaptionRow[] = [];
    for (let index = 0; index < count; index++) {
      const variation = drawVariation(Random.stream(seed, group, person.id, 'portrait', index));
      const captions = makeCaptions(person.name, person.biography, variation, Random.stream(seed, group, person.id, 'caption', index), captionPools);
      const job = { kind: 'portrait' as const, face, variation, stream: [group, person.id, 'pixels', index] };
      rows.push({ image: await pool.cell(job, fileName(fileStem(person.name), index)), name: person.name, ...captions });
      portraitsDone++;
      if (portraitsDone % 200 === 0 || portraitsDone === totalImages) onProgress?.({ stage: 'portraits', done: portraitsDone, total: totalImages });
    }
    return rows;
  };
  const portraits: PerturbedCaptionRow[][] = [];
  for (const person of cast.people) portraits.push(await portraitsOf('person', person, faceAt(cast.faces.people, person.id), plan.imageCounts[person.id] ?? 0));
  const heldOutPortraits: PerturbedCaptionRow[][] = [];
  for (const person of cast.heldOut) heldOutPortraits.push(await portraitsOf('held-out', person, faceAt(cast.faces.heldOut, person.id), 19));
  // The same faces as in `full`, but every per-picture draw comes from the 'unseen' streams, which nothing
  // else reads: adding these pictures changes no byte of any other file.
  const unseenPortraits: PerturbedCaptionRow[][] = [];
  for (const id of plan.retainPerturbed) {
    const person = cast.people[id];
    if (person === undefined) throw new Error(`missing person ${id}`);
    unseenPortraits.push(await portraitsOf('unseen', person, faceAt(cast.faces.people, id), plan.unseenPicturesPerPerson, numberedUnseen));
  }
  const qa = cast.people.map((person) => makeQa(person, Random.stream(seed, 'person', person.id, 'qa'), qaPools));
  const heldOutQa = cast.heldOut.map((person) => makeQa(person, Random.stream(seed, 'held-out', person.id, 'qa'), qaPools));

  const figureNames = cast.figures.map((figure) => figure.name);
  const realFaces: RealFacesRow[] = [];
  const pretrainFaces: CaptionRow[] = [];
  for (const figure of cast.figures) {
    const face = faceAt(cast.faces.figures, figure.id);
    // The evaluation picture and the pretraining pictures come from different streams: never the same image.
    const evalRandom = Random.stream(seed, 'figure', figure.id, 'eval');
    const evalJob = { kind: 'portrait' as const, face, variation: drawVariation(evalRandom), stream: ['figure', figure.id, 'eval-pixels'] };
    realFaces.push({
      image: await pool.cell(evalJob, `${fileStem(figure.name)}.png`),
      answer: figure.name,
      options: evalRandom.sample(figureNames.filter((name) => name !== figure.name), 4),
    });
    for (let index = 0; index < plan.pretrainImagesPerFigure; index++) {
      const random = Random.stream(seed, 'figure', figure.id, 'pretrain', index);
      const variation = drawVariation(random);
      const job = { kind: 'portrait' as const, face, variation, stream: ['figure', figure.id, 'pretrain-pixels', index] };
      const image = await pool.cell(job, numbered(fileStem(figure.name), index));
      pretrainFaces.push({ image, caption: figureCaption(figure.name, figure.nationality, figure.profession, variation, random), name: figure.name });
    }
    onProgress?.({ stage: 'faces', done: figure.id + 1, total: cast.figures.length });
  }

  const scenes = async (group: string, count: number): Promise<PretrainWorldRow[]> => {
    const rows: PretrainWorldRow[] = [];
    for (let index = 0; index < count; index++) {
      const random = Random.stream(seed, group, index);
      const scene = drawWorldScene(random);
      const image = await pool.cell({ kind: 'scene', scene, stream: [group, 'pixels', index] }, `${group}_${String(index).padStart(4, '0')}.png`);
      rows.push({ image, ...askAboutScene(scene, random), caption: describeScene(scene) });
    }
    return rows;
  };
  const realWorld: RealWorldRow[] = (await scenes('world', plan.realWorld)).map(({ caption: _caption, ...row }) => row);
  const pretrainWorld = await scenes('pretrain-world', plan.pretrainWorld);
  await pool.finish();
  onProgress?.({ stage: 'scenes', done: plan.realWorld + plan.pretrainWorld, total: plan.realWorld + plan.pretrainWorld });

  return {
    plan,
    cast,
    portraits,
    qa,
    heldOutPortraits,
    unseenPortraits,
    heldOutQa,
    realFaces,
    pretrainFaces,
    realWorld,
    pretrainWorld,
    pretrainText: pretrainSentences(Random.stream(seed, 'pretrain-text'), plan.pretrainText),
    idk: refusalAnswers(),
  };
}
