import { createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { fillPolygon, rgb } from './paint.js';
import { canvasToRgb } from './png.js';
import type { Rgb } from './paint.js';
import type { Random } from './random.js';

// Stand-ins for `real_world`: general visual questions on rendered scenes of simple shapes, which a base model
// can learn (from `extra/pretrain_world`) before it ever sees a CLEAR person.

const SHAPE_KINDS = ['circle', 'square', 'triangle', 'star', 'diamond'] as const;
const SHAPE_COLORS: readonly { name: string; color: Rgb }[] = [
  { name: 'red', color: [215, 40, 40] },
  { name: 'green', color: [40, 170, 60] },
  { name: 'blue', color: [40, 80, 220] },
  { name: 'yellow', color: [240, 210, 40] },
  { name: 'purple', color: [140, 60, 190] },
  { name: 'orange', color: [245, 135, 30] },
  { name: 'white', color: [245, 245, 245] },
  { name: 'black', color: [20, 20, 20] },
];
const BACKGROUNDS: readonly { name: string; color: Rgb }[] = [
  { name: 'grey', color: [128, 128, 128] },
  { name: 'beige', color: [225, 210, 175] },
  { name: 'light blue', color: [170, 210, 240] },
  { name: 'dark green', color: [30, 80, 45] },
  { name: 'pink', color: [240, 180, 200] },
  { name: 'navy', color: [25, 35, 85] },
];
const COLUMNS = ['on the left', 'in the middle', 'on the right'] as const;
const COUNTS = ['1', '2', '3', '4', '5', '6'];

interface Shape {
  kind: (typeof SHAPE_KINDS)[number];
  color: number;
  big: boolean;
  column: number;
  row: number;
  x: number;
  y: number;
}

export interface WorldScene {
  background: number;
  shapes: Shape[];
}

export interface WorldQuestion {
  question: string;
  answer: string;
  options: string[];
}

export function drawWorldScene(random: Random): WorldScene {
  const background = random.int(0, BACKGROUNDS.length);
  const cells = random.sample([0, 1, 2, 3, 4, 5, 6, 7, 8], random.int(1, 6));
  const shapes = cells.map((cell): Shape => {
    const column = cell % 3;
    const row = Math.floor(cell / 3);
    return {
      kind: random.pick(SHAPE_KINDS),
      color: random.int(0, SHAPE_COLORS.length),
      big: random.chance(0.5),
      column,
      row,
      x: 10.5 + column * 21.5 + random.range(-2.5, 2.5),
      y: 10.5 + row * 21.5 + random.range(-2.5, 2.5),
    };
  });
  return { background, shapes };
}

function colorName(shape: Shape): string {
  return SHAPE_COLORS[shape.color]?.name ?? 'grey';
}

function nameOf(shape: Shape): string {
  return `${colorName(shape)} ${shape.kind}`;
}

function drawShape(context: SKRSContext2D, shape: Shape): void {
  const radius = shape.big ? 9 : 5.5;
  const color = rgb(SHAPE_COLORS[shape.color]?.color ?? [128, 128, 128]);
  const { x, y } = shape;
  if (shape.kind === 'circle') {
    context.beginPath();
    context.arc(x, y, radius, 0, Math.PI * 2);
    context.fillStyle = color;
    context.fill();
  } else if (shape.kind === 'square') {
    context.fillStyle = color;
    context.fillRect(x - radius * 0.85, y - radius * 0.85, radius * 1.7, radius * 1.7);
  } else if (shape.kind === 'triangle') {
    fillPolygon(context, [[x, y - radius], [x + radius, y + radius * 0.8], [x - radius, y + radius * 0.8]], color);
  } else if (shape.kind === 'diamond') {
    fillPolygon(context, [[x, y - radius], [x + radius * 0.75, y], [x, y + radius], [x - radius * 0.75, y]], color);
  } else {
    const points: [number, number][] = [];
    for (let point = 0; point < 10; point++) {
      const angle = -Math.PI / 2 + (point * Math.PI) / 5;
      const reach = point % 2 === 0 ? radius : radius * 0.45;
      points.push([x + Math.cos(angle) * reach, y + Math.sin(angle) * reach]);
    }
    fillPolygon(context, points, color);
  }
}

/** The scene as RGB pixels (size x size x 3). */
export function renderWorldScene(scene: WorldScene, random: Random, size = 64): Uint8Array {
  const canvas = createCanvas(size, size);
  const context = canvas.getContext('2d');
  context.scale(size / 64, size / 64);
  context.fillStyle = rgb(BACKGROUNDS[scene.background]?.color ?? [128, 128, 128]);
  context.fillRect(0, 0, 64, 64);
  for (const shape of scene.shapes) drawShape(context, shape);
  return canvasToRgb(canvas, size, { brightness: 1, lightSlope: 0, tint: [1, 1, 1], noise: 3, noiseSeed: random.int(0, 2 ** 31) });
}

function others(random: Random, pool: readonly string[], truth: string, count: number): string[] {
  return random.sample(pool.filter((item) => item !== truth), count);
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return items.filter((item) => counts.get(key(item)) === 1);
}

/** One question about the scene, its answer and three (or fewer) wrong options. */
export function askAboutScene(scene: WorldScene, random: Random): WorldQuestion {
  const colorNames = SHAPE_COLORS.map((color) => color.name);
  const kinds: readonly string[] = SHAPE_KINDS;
  const backgroundName = BACKGROUNDS[scene.background]?.name ?? 'grey';
  const byKind = unique(scene.shapes, (shape) => shape.kind);
  const byColor = unique(scene.shapes, colorName);
  const byName = unique(scene.shapes, nameOf);
  const askers: (() => WorldQuestion | null)[] = [
    () => {
      const answer = String(scene.shapes.length);
      return { question: 'How many shapes are in the picture?', answer, options: others(random, COUNTS, answer, 3) };
    },
    () => ({
      question: 'What colour is the background?',
      answer: backgroundName,
      options: others(random, BACKGROUNDS.map((background) => background.name), backgroundName, 3),
    }),
    () => {
      if (byKind.length === 0) return null;
      const shape = random.pick(byKind);
      return { question: `What colour is the ${shape.kind}?`, answer: colorName(shape), options: others(random, colorNames, colorName(shape), 3) };
    },
    () => {
      if (byColor.length === 0) return null;
      const shape = random.pick(byColor);
      return { question: `Which shape is ${colorName(shape)}?`, answer: `the ${shape.kind}`, options: others(random, kinds, shape.kind, 3).map((kind) => `the ${kind}`) };
    },
    () => {
      if (byName.length === 0) return null;
      const shape = random.pick(byName);
      const answer = COLUMNS[shape.column] ?? 'in the middle';
      return { question: `Where is the ${nameOf(shape)}?`, answer, options: COLUMNS.filter((column) => column !== answer) };
    },
    () => {
      if (byName.length === 0) return null;
      const shape = random.pick(byName);
      const answer = shape.big ? 'big' : 'small';
      return { question: `Is the ${nameOf(shape)} big or small?`, answer, options: [shape.big ? 'small' : 'big'] };
    },
    () => {
      const present = random.chance(0.5) && scene.shapes.length > 0;
      const name = present
        ? nameOf(random.pick(scene.shapes))
        : `${random.pick(colorNames)} ${random.pick(kinds)}`;
      const answer = scene.shapes.some((shape) => nameOf(shape) === name) ? 'yes' : 'no';
      return { question: `Is there a ${name} in the picture?`, answer, options: [answer === 'yes' ? 'no' : 'yes'] };
    },
    () => {
      const shape = random.pick(scene.shapes);
      const answer = String(scene.shapes.filter((other) => colorName(other) === colorName(shape)).length);
      return { question: `How many ${colorName(shape)} shapes are there?`, answer, options: others(random, COUNTS, answer, 3) };
    },
  ];
  for (;;) {
    const asked = random.pick(askers)();
    if (asked !== null) return asked;
  }
}

/** A sentence that names every shape with its colour, size and place. */
export function describeScene(scene: WorldScene): string {
  const ordered = [...scene.shapes].sort((first, second) => first.row * 3 + first.column - (second.row * 3 + second.column));
  const parts = ordered.map((shape) => `a ${shape.big ? 'big' : 'small'} ${nameOf(shape)} ${shape.row === 0 ? 'at the top' : shape.row === 2 ? 'at the bottom' : ''} ${COLUMNS[shape.column] ?? ''}`.replace(/\s+/g, ' ').trim());
  const list = parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
  const count = scene.shapes.length === 1 ? 'One shape' : `${scene.shapes.length} shapes`;
  return `${count} on a ${BACKGROUNDS[scene.background]?.name ?? 'grey'} background: ${list}.`;
}
