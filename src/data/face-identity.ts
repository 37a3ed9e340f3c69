import type { Random } from './random.js';
import type { Gender } from './schema.js';

// What stays the same in every picture of one person. The coarse traits (skin tone, hair colour and
// silhouette, headwear, glasses, beard) are the ones that survive a 32x32 downscale, so identities are chosen
// to differ in several of them at once.

export const SKIN_TONES = [
  { name: 'very fair', color: [247, 222, 204] },
  { name: 'fair', color: [238, 198, 166] },
  { name: 'light', color: [224, 172, 130] },
  { name: 'medium', color: [200, 142, 98] },
  { name: 'tan', color: [168, 112, 72] },
  { name: 'brown', color: [136, 86, 54] },
  { name: 'dark brown', color: [104, 64, 38] },
  { name: 'deep brown', color: [72, 44, 26] },
] as const;

export const HAIR_COLORS = [
  { name: 'black', color: [26, 22, 20], natural: true },
  { name: 'dark brown', color: [62, 38, 22], natural: true },
  { name: 'brown', color: [112, 70, 38], natural: true },
  { name: 'auburn', color: [142, 58, 30], natural: true },
  { name: 'ginger', color: [206, 104, 42], natural: true },
  { name: 'blonde', color: [228, 190, 104], natural: true },
  { name: 'platinum', color: [242, 232, 206], natural: true },
  { name: 'grey', color: [150, 150, 152], natural: true },
  { name: 'white', color: [236, 236, 236], natural: true },
  { name: 'blue', color: [44, 92, 214], natural: false },
  { name: 'pink', color: [228, 92, 158], natural: false },
  { name: 'green', color: [52, 160, 92], natural: false },
  { name: 'purple', color: [120, 60, 178], natural: false },
] as const;

export const EYE_COLORS = [
  [74, 44, 23],
  [30, 20, 16],
  [58, 123, 213],
  [61, 139, 79],
  [122, 138, 153],
  [138, 106, 47],
] as const;

export const ACCESSORY_COLORS = [
  { name: 'red', color: [200, 40, 40] },
  { name: 'yellow', color: [238, 200, 40] },
  { name: 'teal', color: [30, 150, 150] },
  { name: 'orange', color: [236, 128, 30] },
  { name: 'navy', color: [30, 40, 110] },
  { name: 'white', color: [240, 240, 240] },
  { name: 'black', color: [25, 25, 25] },
  { name: 'lime', color: [140, 210, 40] },
] as const;

export const FACE_SHAPES = ['oval', 'round', 'long', 'square', 'heart'] as const;
export const HAIR_STYLES = [
  'bald', 'buzz', 'short', 'side_part', 'curly', 'afro', 'long', 'wavy', 'bob', 'bun', 'ponytail', 'mohawk', 'spiky', 'braids', 'fringe',
] as const;
export const GLASSES = ['none', 'round', 'square', 'sunglasses'] as const;
export const FACIAL_HAIR = ['none', 'moustache', 'goatee', 'beard', 'stubble'] as const;
export const HEADWEAR = ['none', 'beanie', 'cap', 'headscarf', 'headband'] as const;

export type FaceShape = (typeof FACE_SHAPES)[number];
export type HairStyle = (typeof HAIR_STYLES)[number];

export interface FaceIdentity {
  skinTone: number;
  faceShape: FaceShape;
  faceWidth: number;
  faceHeight: number;
  hairStyle: HairStyle;
  hairColor: number;
  eyeColor: number;
  eyeSpacing: number;
  eyeSize: number;
  browWeight: number;
  noseSize: number;
  mouthWidth: number;
  lipTint: number;
  glasses: (typeof GLASSES)[number];
  glassesColor: number;
  facialHair: (typeof FACIAL_HAIR)[number];
  headwear: (typeof HEADWEAR)[number];
  headwearColor: number;
  earrings: boolean;
  freckles: boolean;
}

// Hair silhouettes that look alike when small are grouped, so that distance counts real differences.
const HAIR_SILHOUETTE: Record<HairStyle, number> = {
  bald: 0, buzz: 0, short: 1, side_part: 1, fringe: 1, spiky: 2, mohawk: 2, curly: 3, afro: 4, long: 5, wavy: 5, braids: 6, bob: 7, bun: 8, ponytail: 8,
};

function weightedPick<T>(random: Random, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let roll = random.next() * total;
  for (let index = 0; index < items.length; index++) {
    roll -= weights[index] ?? 0;
    if (roll < 0) return items[index] as T;
  }
  return items[items.length - 1] as T;
}

export function drawIdentity(random: Random, gender: Gender): FaceIdentity {
  const female = gender === 'female';
  const male = gender === 'male';
  const hairStyle = weightedPick(random, HAIR_STYLES, female
    ? [0.2, 0.3, 0.6, 0.5, 1, 0.8, 1.5, 1.3, 1.3, 1, 1.1, 0.3, 0.3, 1, 1]
    : male
      ? [1, 1.2, 1.3, 1.2, 1, 0.8, 0.5, 0.4, 0.2, 0.3, 0.4, 0.6, 0.9, 0.5, 0.7]
      : [0.5, 0.8, 0.9, 0.8, 1, 0.8, 0.9, 0.8, 0.9, 0.7, 0.7, 0.7, 0.7, 0.7, 0.9]);
  const hairColor = random.chance(0.17) ? random.int(9, HAIR_COLORS.length) : random.int(0, 9);
  return {
    skinTone: random.int(0, SKIN_TONES.length),
    faceShape: random.pick(FACE_SHAPES),
    faceWidth: random.range(0.9, 1.1),
    faceHeight: random.range(0.92, 1.08),
    hairStyle,
    hairColor,
    eyeColor: random.int(0, EYE_COLORS.length),
    eyeSpacing: random.range(0.33, 0.45),
    eyeSize: random.range(0.8, 1.25),
    browWeight: random.range(0.8, 2.4),
    noseSize: random.range(0.7, 1.4),
    mouthWidth: random.range(0.75, 1.3),
    lipTint: random.range(0, 1),
    glasses: weightedPick(random, GLASSES, [7, 1, 1, 0.6]),
    glassesColor: random.int(0, 4),
    facialHair: male ? weightedPick(random, FACIAL_HAIR, [3, 1, 1, 1.5, 1]) : 'none',
    headwear: weightedPick(random, HEADWEAR, [10, 0.6, 0.6, female ? 0.5 : 0.1, 0.5]),
    headwearColor: random.int(0, ACCESSORY_COLORS.length),
    earrings: random.chance(female ? 0.4 : 0.1),
    freckles: random.chance(0.15),
  };
}

function hidesHair(identity: FaceIdentity): boolean {
  return identity.headwear === 'headscarf' || identity.hairStyle === 'bald';
}

/** Differences that a 32x32 picture still shows, weighted by how much they change the picture. */
export function identityDistance(first: FaceIdentity, second: FaceIdentity): number {
  let distance = Math.min(2, Math.abs(first.skinTone - second.skinTone) * 0.6);
  const firstHair = HAIR_COLORS[first.hairColor]?.color ?? [0, 0, 0];
  const secondHair = HAIR_COLORS[second.hairColor]?.color ?? [0, 0, 0];
  const hairGap = Math.hypot(firstHair[0] - secondHair[0], firstHair[1] - secondHair[1], firstHair[2] - secondHair[2]);
  if (!hidesHair(first) || !hidesHair(second)) distance += Math.min(2, hairGap / 80);
  if (HAIR_SILHOUETTE[first.hairStyle] !== HAIR_SILHOUETTE[second.hairStyle]) distance += 1.5;
  else if (first.hairStyle !== second.hairStyle) distance += 0.5;
  if (first.glasses !== second.glasses) distance += first.glasses === 'none' || second.glasses === 'none' ? 1.2 : 0.6;
  if (first.facialHair !== second.facialHair) distance += first.facialHair === 'none' || second.facialHair === 'none' ? 1.2 : 0.5;
  if (first.headwear !== second.headwear) distance += 1;
  else if (first.headwear !== 'none' && first.headwearColor !== second.headwearColor) distance += 0.8;
  if (first.faceShape !== second.faceShape) distance += 0.4;
  return distance;
}

/**
 * Farthest-point choice among random candidates: each new identity is the candidate farthest (in the coarse
 * traits) from all identities chosen so far, which keeps close look-alikes out of a few hundred people.
 */
export function drawDistinctIdentities(random: Random, genders: readonly Gender[], candidates = 16): FaceIdentity[] {
  const chosen: FaceIdentity[] = [];
  for (const gender of genders) {
    let best: FaceIdentity | undefined;
    let bestDistance = -1;
    for (let attempt = 0; attempt < candidates; attempt++) {
      const candidate = drawIdentity(random, gender);
      let nearest = Number.POSITIVE_INFINITY;
      for (const other of chosen) nearest = Math.min(nearest, identityDistance(candidate, other));
      if (nearest > bestDistance) {
        best = candidate;
        bestDistance = nearest;
      }
    }
    if (best === undefined) throw new Error('no identity candidates drawn');
    chosen.push(best);
  }
  return chosen;
}

export function describeIdentity(identity: FaceIdentity): string {
  const parts = [`${identity.faceShape} face`, `${SKIN_TONES[identity.skinTone]?.name ?? ''} skin`];
  const hairColor = HAIR_COLORS[identity.hairColor]?.name ?? '';
  if (identity.headwear === 'headscarf') {
    parts.push(`${ACCESSORY_COLORS[identity.headwearColor]?.name ?? ''} headscarf`);
  } else {
    parts.push(identity.hairStyle === 'bald' ? 'bald' : `${identity.hairStyle.replace('_', '-')} ${hairColor} hair`);
    if (identity.headwear !== 'none') parts.push(`often a ${ACCESSORY_COLORS[identity.headwearColor]?.name ?? ''} ${identity.headwear}`);
  }
  if (identity.glasses !== 'none') parts.push(identity.glasses === 'sunglasses' ? 'sunglasses' : `${identity.glasses} glasses`);
  if (identity.facialHair !== 'none') parts.push(identity.facialHair);
  if (identity.earrings) parts.push('earrings');
  if (identity.freckles) parts.push('freckles');
  return parts.join(', ');
}
