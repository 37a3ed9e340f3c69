import { createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { EYE_COLORS, HAIR_COLORS, SKIN_TONES } from './face-identity.js';
import type { FaceIdentity } from './face-identity.js';
import { drawHairBack, drawHairFront, drawHeadwear, drawScarfBack, hairColorOf } from './portrait-hair.js';
import { PORTRAIT_SCENES } from './portrait-scenes.js';
import { fillEllipse, fillPolygon, mix, rgb, shade } from './paint.js';
import { canvasToRgb } from './png.js';
import type { Rgb } from './paint.js';
import type { Random } from './random.js';

// A portrait is drawn on a 64-unit square (scaled to the output size): background scene, body, neck, face,
// hair and accessories, then a pixel pass for lighting and sensor noise.

export const CLOTHING_TYPES = ['t-shirt', 'sweater', 'shirt', 'jacket', 'hoodie', 'turtleneck'] as const;
export const CLOTHING_COLORS: readonly { name: string; color: Rgb }[] = [
  { name: 'red', color: [190, 40, 45] },
  { name: 'blue', color: [40, 80, 190] },
  { name: 'green', color: [40, 140, 70] },
  { name: 'yellow', color: [230, 200, 50] },
  { name: 'black', color: [30, 30, 32] },
  { name: 'white', color: [235, 235, 235] },
  { name: 'grey', color: [130, 130, 135] },
  { name: 'orange', color: [230, 120, 40] },
  { name: 'purple', color: [120, 60, 160] },
  { name: 'pink', color: [230, 140, 170] },
  { name: 'brown', color: [110, 70, 40] },
  { name: 'teal', color: [30, 140, 140] },
];
export const EXPRESSIONS = ['looking serious', 'smiling', 'laughing'] as const;

/** What changes from one picture of a person to the next. */
export interface PortraitVariation {
  scene: number;
  clothing: number;
  clothingColor: number;
  expression: number;
  offsetX: number;
  offsetY: number;
  scale: number;
  roll: number;
  /** -1 (turned to the viewer's left) .. 1 (right). */
  yaw: number;
  brightness: number;
  /** Side light: brightness change from the left edge to the right edge. */
  lightSlope: number;
  tint: Rgb;
  noise: number;
  showHeadwear: boolean;
}

export function drawVariation(random: Random): PortraitVariation {
  const warmth = random.range(-0.08, 0.08);
  return {
    scene: random.int(0, PORTRAIT_SCENES.length),
    clothing: random.int(0, CLOTHING_TYPES.length),
    clothingColor: random.int(0, CLOTHING_COLORS.length),
    expression: random.int(0, EXPRESSIONS.length),
    offsetX: random.range(-6, 6),
    offsetY: random.range(-3, 4),
    scale: random.range(0.84, 1.12),
    roll: random.range(-0.16, 0.16),
    yaw: random.range(-1, 1),
    brightness: random.range(0.78, 1.18),
    lightSlope: random.range(-0.35, 0.35),
    tint: [1 + warmth, 1, 1 - warmth],
    noise: random.range(2, 7),
    showHeadwear: random.chance(0.8),
  };
}

function faceOutline(context: SKRSContext2D, identity: FaceIdentity, radiusX: number, radiusY: number): void {
  context.beginPath();
  context.ellipse(0, 0, radiusX, radiusY, 0, Math.PI, Math.PI * 2);
  switch (identity.faceShape) {
    case 'square':
      context.lineTo(radiusX, radiusY * 0.5);
      context.quadraticCurveTo(radiusX * 0.95, radiusY * 0.98, radiusX * 0.35, radiusY);
      context.lineTo(-radiusX * 0.35, radiusY);
      context.quadraticCurveTo(-radiusX * 0.95, radiusY * 0.98, -radiusX, radiusY * 0.5);
      break;
    case 'heart':
      context.quadraticCurveTo(radiusX * 0.95, radiusY * 0.7, 0, radiusY * 1.04);
      context.quadraticCurveTo(-radiusX * 0.95, radiusY * 0.7, -radiusX, 0);
      break;
    default:
      context.ellipse(0, 0, radiusX, radiusY, 0, 0, Math.PI);
  }
  context.closePath();
}

function drawBody(context: SKRSContext2D, variation: PortraitVariation, radiusX: number, radiusY: number, skin: Rgb): void {
  const cloth = CLOTHING_COLORS[variation.clothingColor]?.color ?? [120, 120, 120];
  const type = CLOTHING_TYPES[variation.clothing];
  const neckTop = radiusY * 0.55;
  const shoulders = radiusY * 1.25;
  if (type === 'hoodie') fillEllipse(context, 0, shoulders - 2, radiusX * 1.05, radiusY * 0.45, rgb(shade(cloth, 0.7)));
  context.fillStyle = rgb(shade(skin, 0.82));
  context.fillRect(-radiusX * 0.42, neckTop, radiusX * 0.84, shoulders - neckTop + 2);
  fillEllipse(context, 0, shoulders + radiusY * 0.95, radiusX * 2.1, radiusY * 1.05, rgb(cloth));
  if (type === 't-shirt' || type === 'sweater') {
    context.beginPath();
    context.ellipse(0, shoulders - 0.5, radiusX * 0.5, radiusY * 0.2, 0, 0, Math.PI);
    context.fillStyle = rgb(shade(skin, 0.82));
    context.fill();
    if (type === 'sweater') {
      context.lineWidth = 1.6;
      context.strokeStyle = rgb(shade(cloth, 0.7));
      context.stroke();
    }
  } else if (type === 'shirt') {
    fillPolygon(context, [[-radiusX * 0.5, shoulders - 1], [0, shoulders + 4], [-radiusX * 0.15, shoulders + 6]], rgb(shade(cloth, 1.25)));
    fillPolygon(context, [[radiusX * 0.5, shoulders - 1], [0, shoulders + 4], [radiusX * 0.15, shoulders + 6]], rgb(shade(cloth, 1.25)));
  } else if (type === 'jacket') {
    fillPolygon(context, [[-radiusX * 0.45, shoulders - 1], [radiusX * 0.45, shoulders - 1], [0, shoulders + 12]], rgb([235, 235, 230]));
    context.lineWidth = 1.2;
    context.strokeStyle = rgb(shade(cloth, 0.6));
    context.beginPath();
    context.moveTo(-radiusX * 0.45, shoulders - 1);
    context.lineTo(0, shoulders + 12);
    context.lineTo(radiusX * 0.45, shoulders - 1);
    context.stroke();
  } else if (type === 'hoodie') {
    context.lineWidth = 0.8;
    context.strokeStyle = rgb([240, 240, 240]);
    context.beginPath();
    context.moveTo(-2, shoulders + 1);
    context.lineTo(-2.5, shoulders + 8);
    context.moveTo(2, shoulders + 1);
    context.lineTo(2.5, shoulders + 8);
    context.stroke();
  } else if (type === 'turtleneck') {
    context.fillStyle = rgb(shade(cloth, 0.85));
    context.fillRect(-radiusX * 0.48, neckTop + radiusY * 0.25, radiusX * 0.96, shoulders - neckTop);
  }
}

function drawFeatures(context: SKRSContext2D, identity: FaceIdentity, variation: PortraitVariation, radiusX: number, radiusY: number, skin: Rgb): void {
  const shift = variation.yaw * radiusX * 0.22;
  const eyeY = -radiusY * 0.08;
  const eyeSize = identity.eyeSize;
  const squint = variation.expression === 0 ? 1 : 0.75;
  const hair = hairColorOf(identity);
  const natural = HAIR_COLORS[identity.hairColor]?.natural === true && identity.hairColor < 5;
  const brow = natural ? shade(hair, 0.8) : mix(hair, [60, 40, 30], 0.6);
  // Dyed hair does not dye the beard.
  const beard = HAIR_COLORS[identity.hairColor]?.natural === true ? hair : brow;
  const eyeColor = EYE_COLORS[identity.eyeColor] ?? [60, 40, 20];
  const eyes: number[] = [-1, 1].map((side) => side * radiusX * identity.eyeSpacing + shift);
  for (const eyeX of eyes) {
    fillEllipse(context, eyeX, eyeY, 2.3 * eyeSize, 1.5 * eyeSize * squint, rgb([245, 245, 240]));
    fillEllipse(context, eyeX + variation.yaw * 0.6, eyeY, 1.25 * eyeSize, 1.25 * eyeSize * squint, rgb(eyeColor));
    fillEllipse(context, eyeX + variation.yaw * 0.6, eyeY, 0.55 * eyeSize, 0.55 * eyeSize * squint, rgb([10, 10, 10]));
    context.lineWidth = identity.browWeight;
    context.strokeStyle = rgb(brow);
    context.beginPath();
    context.moveTo(eyeX - 2.6, eyeY - 3.1);
    context.quadraticCurveTo(eyeX, eyeY - 4.2, eyeX + 2.6, eyeY - 3.1);
    context.stroke();
  }
  context.lineWidth = 0.9;
  context.strokeStyle = rgb(shade(skin, 0.68));
  context.beginPath();
  context.moveTo(shift * 1.2, eyeY + 2);
  context.lineTo(shift * 1.3 + 0.8 * identity.noseSize, radiusY * 0.3);
  context.lineTo(shift * 1.3 - 1.2 * identity.noseSize, radiusY * 0.33);
  context.stroke();
  if (identity.freckles) {
    for (const [x, y] of [[-4, 3], [-5.5, 4.5], [-3, 5], [4, 3], [5.5, 4.5], [3, 5]] as const) {
      fillEllipse(context, x + shift, y, 0.45, 0.45, rgb(shade(skin, 0.7)));
    }
  }
  const lips = mix(shade(skin, 0.75), [170, 60, 70], identity.lipTint * 0.6);
  const mouthY = radiusY * 0.55;
  const mouthHalf = radiusX * 0.3 * identity.mouthWidth;
  const mouthX = shift * 1.1;
  if (identity.facialHair === 'beard' || identity.facialHair === 'stubble') {
    context.save();
    faceOutline(context, identity, radiusX * 1.02, radiusY * 1.03);
    context.clip();
    context.beginPath();
    context.rect(-radiusX * 1.2, radiusY * 0.15, radiusX * 2.4, radiusY * 1.2);
    context.ellipse(mouthX, mouthY, mouthHalf * 1.1, radiusY * 0.12, 0, 0, Math.PI * 2);
    context.fillStyle = rgb(beard, identity.facialHair === 'beard' ? 1 : 0.35);
    context.fill('evenodd');
    context.restore();
  }
  if (identity.facialHair === 'moustache' || identity.facialHair === 'goatee' || identity.facialHair === 'beard') {
    fillEllipse(context, mouthX, mouthY - 2.2, mouthHalf * 1.05, 1.4, rgb(shade(beard, 0.9)));
  }
  if (identity.facialHair === 'goatee') fillEllipse(context, mouthX, radiusY * 0.85, radiusX * 0.24, radiusY * 0.17, rgb(shade(beard, 0.9)));
  if (variation.expression === 2) {
    context.beginPath();
    context.ellipse(mouthX, mouthY, mouthHalf, 2.6, 0, 0, Math.PI);
    context.fillStyle = rgb([90, 25, 30]);
    context.fill();
    context.fillStyle = rgb([245, 245, 240]);
    context.fillRect(mouthX - mouthHalf * 0.8, mouthY, mouthHalf * 1.6, 0.9);
  } else {
    context.lineWidth = 1.3;
    context.strokeStyle = rgb(lips);
    context.beginPath();
    context.moveTo(mouthX - mouthHalf, mouthY);
    context.quadraticCurveTo(mouthX, mouthY + (variation.expression === 1 ? 3 : 0.6), mouthX + mouthHalf, mouthY);
    context.stroke();
  }
  if (identity.glasses !== 'none') {
    const frame = ([[20, 20, 20], [110, 60, 30], [200, 160, 60], [180, 30, 40]] as const)[identity.glassesColor] ?? [20, 20, 20];
    context.lineWidth = 0.9;
    context.strokeStyle = rgb(frame);
    context.beginPath();
    for (const eyeX of eyes) {
      if (identity.glasses === 'round') {
        context.moveTo(eyeX + 3.3 * eyeSize, eyeY);
        context.ellipse(eyeX, eyeY, 3.3 * eyeSize, 3.1 * eyeSize, 0, 0, Math.PI * 2);
      } else {
        context.rect(eyeX - 3.5 * eyeSize, eyeY - 2.6 * eyeSize, 7 * eyeSize, 5 * eyeSize);
      }
    }
    context.moveTo((eyes[0] ?? 0) + 3.3 * eyeSize, eyeY - 0.5);
    context.lineTo((eyes[1] ?? 0) - 3.3 * eyeSize, eyeY - 0.5);
    context.stroke();
    if (identity.glasses === 'sunglasses') {
      context.fillStyle = rgb([22, 22, 28], 0.92);
      for (const eyeX of eyes) context.fillRect(eyeX - 3.5 * eyeSize, eyeY - 2.6 * eyeSize, 7 * eyeSize, 5 * eyeSize);
    }
  }
}

/** Draws one portrait as RGB pixels (size x size x 3). `random` supplies the scene details and the noise. */
export function renderPortrait(identity: FaceIdentity, variation: PortraitVariation, random: Random, size = 64): Uint8Array {
  const canvas = createCanvas(size, size);
  const context = canvas.getContext('2d');
  context.scale(size / 64, size / 64);
  PORTRAIT_SCENES[variation.scene]?.draw(context, random, 64);
  const skin: Rgb = SKIN_TONES[identity.skinTone]?.color ?? [200, 150, 110];
  const radiusX = 12 * identity.faceWidth;
  const radiusY = 15 * identity.faceHeight;
  const scarf = identity.headwear === 'headscarf';
  const headwear = scarf || (identity.headwear !== 'none' && variation.showHeadwear);
  context.translate(32 + variation.offsetX, 27 + variation.offsetY);
  context.scale(variation.scale, variation.scale);
  drawBody(context, variation, radiusX, radiusY, skin);
  context.rotate(variation.roll);
  if (scarf) drawScarfBack(context, identity, radiusX, radiusY);
  else drawHairBack(context, identity, radiusX, radiusY);
  if (!scarf) {
    for (const side of [-1, 1]) fillEllipse(context, side * radiusX * 0.98 + variation.yaw * 0.8, radiusY * 0.05, 2.4, 3.6, rgb(shade(skin, 0.9)));
  }
  faceOutline(context, identity, radiusX, radiusY);
  context.fillStyle = rgb(skin);
  context.fill();
  drawFeatures(context, identity, variation, radiusX, radiusY, skin);
  if (!scarf && !(headwear && identity.headwear === 'beanie')) drawHairFront(context, identity, radiusX, radiusY);
  if (headwear) drawHeadwear(context, identity, radiusX, radiusY, variation.yaw >= 0 ? 1 : -1);
  if (identity.earrings && !scarf) {
    for (const side of [-1, 1]) fillEllipse(context, side * radiusX * 1.0 + variation.yaw * 0.8, radiusY * 0.35, 1.1, 1.1, rgb([235, 190, 60]));
  }
  return canvasToRgb(canvas, size, { ...variation, noiseSeed: random.int(0, 2 ** 31) });
}
