import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Rng } from '../../engine/index.js';
import { extraFiles } from '../../data/configs.js';
import { decodeImages } from '../../data/decode-image.js';
import { readPretrainFaces } from '../../data/extras.js';
import { readCaptionConfig } from '../../data/read-config.js';
import type { CaptionRow } from '../../data/schema.js';
import type { FaceSet } from '../../unlearn/vision/face-set.js';
import type { VisionTrackPreset } from './vision-track-presets.js';

// A labelled set of faces: labels index `names`.
export interface NamedFaces {
  names: string[];
  faces: FaceSet;
  hash: string; // of the names and image bytes, for cache keys
}

export interface VisionTrackData {
  clear: NamedFaces; // the CLEAR people's images (config `full`)
  pretrain: NamedFaces | null; // the public-figure stand-ins (extra/pretrain_faces); null with the real CLEAR
}

// Which images of the CLEAR people each model trains on, and who is forgotten.
export interface PersonPartition {
  trainImages: number[][]; // per person: indices into clear.faces
  testImages: number[][]; // per person: held-out images, never trained on
  groups: [number[], number[]]; // the two forget groups (people), disjoint
  others: number[]; // everyone else
}

// One model of the track: it trains on `forgetGroup`'s people plus `retainPeople`, then forgets the group.
export interface SplitPlan {
  index: number;
  role: 'target' | 'shadow';
  side: 0 | 1; // which forget group
  forgetPeople: number[];
  retainPeople: number[];
  seed: number;
}

async function toNamedFaces(rows: readonly CaptionRow[], imageSize: number, people: number | null): Promise<NamedFaces> {
  const names: string[] = [];
  const index = new Map<string, number>();
  for (const row of rows) {
    if (!index.has(row.name) && (people === null || names.length < people)) {
      index.set(row.name, names.length);
      names.push(row.name);
    }
  }
  const kept = rows.filter((row) => index.has(row.name));
  const hash = createHash('sha256');
  for (const row of kept) hash.update(row.name).update('\0').update(row.image.bytes);
  const images = await decodeImages(kept.map((row) => row.image.bytes), imageSize);
  return { names, faces: { images, labels: Int32Array.from(kept, (row) => index.get(row.name)!), imageSize }, hash: hash.digest('hex').slice(0, 16) };
}

export async function loadVisionTrackData(directory: string, preset: VisionTrackPreset): Promise<VisionTrackData> {
  const size = preset.vision.imageSize;
  const clear = await toNamedFaces(await readCaptionConfig(directory, 'full'), size, preset.people);
  if (clear.names.length < 4) throw new Error(`vision track: needs at least 4 people in ${directory}, found ${clear.names.length}`);
  const pretrainFile = extraFiles(directory).pretrainFaces;
  const pretrain = existsSync(pretrainFile) ? await toNamedFaces(await readPretrainFaces(directory), size, null) : null;
  return { clear, pretrain };
}

function shuffled(count: number, rng: Rng): number[] {
  return rng.shuffle(Array.from({ length: count }, (_, index) => index));
}

// Holds out a share of each person's images (at least one kept for training) and draws two disjoint forget
// groups of forgetShare of the people each (at least one person).
export function partitionPeople(clear: NamedFaces, preset: VisionTrackPreset, seed: number): PersonPartition {
  const rng = new Rng(seed);
  const people = clear.names.length;
  const byPerson: number[][] = Array.from({ length: people }, () => []);
  clear.faces.labels.forEach((label, image) => byPerson[label]!.push(image));
  const trainImages: number[][] = [];
  const testImages: number[][] = [];
  for (const images of byPerson) {
    const order = rng.shuffle([...images]);
    const held = Math.min(Math.round(order.length * preset.testShare), order.length - 1);
    testImages.push(order.slice(0, held).sort((a, b) => a - b));
    trainImages.push(order.slice(held).sort((a, b) => a - b));
  }
  const groupSize = Math.max(1, Math.round(people * preset.forgetShare));
  if (2 * groupSize >= people) throw new Error(`vision track: ${people} people cannot hold two forget groups of ${groupSize} and anyone else`);
  const order = shuffled(people, rng);
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  return {
    trainImages,
    testImages,
    groups: [sorted(order.slice(0, groupSize)), sorted(order.slice(groupSize, 2 * groupSize))],
    others: sorted(order.slice(2 * groupSize)),
  };
}

// Targets first, then shadows; each role alternates between the two forget groups, so a forget person is
// "in" (trained on, then unlearned) for the models of its side and "out" (never seen) for the others, as in
// the reference's two halves of 64 splits. Each model trains on a fresh random share of the others.
export function planSplits(partition: PersonPartition, preset: VisionTrackPreset, splits: number, shadowModels: number, seed: number): SplitPlan[] {
  const rng = new Rng((seed ^ 0x5b1175) >>> 0);
  const retainCount = Math.max(1, Math.round(partition.others.length * preset.retainShare));
  const roles: ('target' | 'shadow')[] = [...Array<'target'>(splits).fill('target'), ...Array<'shadow'>(shadowModels).fill('shadow')];
  return roles.map((role, index) => {
    const side: 0 | 1 = (role === 'target' ? index : index - splits) % 2 === 0 ? 0 : 1;
    const modelRng = rng.fork();
    const retainPeople = modelRng.shuffle([...partition.others]).slice(0, retainCount).sort((a, b) => a - b);
    return { index, role, side, forgetPeople: partition.groups[side], retainPeople, seed: modelRng.nextUint32() };
  });
}

export function imagesOf(people: readonly number[], perPerson: readonly number[][]): number[] {
  return people.flatMap((person) => perPerson[person] ?? []);
}
