import type { SKRSContext2D } from '@napi-rs/canvas';
import { ACCESSORY_COLORS, HAIR_COLORS } from './face-identity.js';
import type { FaceIdentity } from './face-identity.js';
import { fillEllipse, fillPolygon, rgb, shade } from './paint.js';
import type { Rgb } from './paint.js';

// Hair and headwear in head-local coordinates: the face ellipse is centred at (0, 0) with radii
// (radiusX, radiusY). "Back" layers go behind the neck and face, "front" layers over the forehead.

export function hairColorOf(identity: FaceIdentity): Rgb {
  return HAIR_COLORS[identity.hairColor]?.color ?? [30, 20, 15];
}

function headwearColorOf(identity: FaceIdentity): Rgb {
  return ACCESSORY_COLORS[identity.headwearColor]?.color ?? [200, 40, 40];
}

export function drawHairBack(context: SKRSContext2D, identity: FaceIdentity, radiusX: number, radiusY: number): void {
  const color = rgb(shade(hairColorOf(identity), 0.85));
  switch (identity.hairStyle) {
    case 'long':
    case 'wavy': {
      const points: [number, number][] = [];
      const wave = identity.hairStyle === 'wavy' ? 1.6 : 0;
      for (let y = -radiusY * 0.2; y <= radiusY * 1.75; y += 2) points.push([-radiusX * 1.22 - Math.sin(y * 0.7) * wave, y]);
      for (let y = radiusY * 1.75; y >= -radiusY * 0.2; y -= 2) points.push([radiusX * 1.22 + Math.sin(y * 0.7) * wave, y]);
      fillPolygon(context, points, color);
      fillEllipse(context, 0, -radiusY * 0.2, radiusX * 1.22, radiusY * 1.02, color);
      break;
    }
    case 'bob':
      fillEllipse(context, 0, -radiusY * 0.15, radiusX * 1.3, radiusY * 1.05, color);
      context.fillStyle = color;
      context.fillRect(-radiusX * 1.3, -radiusY * 0.15, radiusX * 2.6, radiusY * 0.95);
      break;
    case 'braids':
      fillEllipse(context, 0, -radiusY * 0.2, radiusX * 1.15, radiusY * 1.0, color);
      for (const side of [-1, 1]) {
        for (let y = 0; y < radiusY * 2; y += 3.2) fillEllipse(context, side * radiusX * 1.05, y, 2.3, 1.9, color);
      }
      break;
    case 'afro':
      for (let angle = 0; angle < Math.PI * 2; angle += Math.PI / 8) {
        fillEllipse(context, Math.cos(angle) * radiusX * 1.35, -radiusY * 0.35 + Math.sin(angle) * radiusX * 1.3, radiusX * 0.45, radiusX * 0.45, color);
      }
      fillEllipse(context, 0, -radiusY * 0.35, radiusX * 1.55, radiusX * 1.5, color);
      break;
    case 'curly':
      fillEllipse(context, 0, -radiusY * 0.2, radiusX * 1.28, radiusY * 1.05, color);
      break;
    case 'bun':
      fillEllipse(context, 0, -radiusY * 1.08, radiusX * 0.5, radiusX * 0.45, color);
      break;
    case 'ponytail':
      fillEllipse(context, radiusX * 1.0, radiusY * 0.35, radiusX * 0.3, radiusY * 0.75, color, -0.35);
      break;
    default:
      break;
  }
}

/** Fills the part of the (slightly enlarged) head above a hairline through (±side) and (0, top). */
function hairCap(context: SKRSContext2D, radiusX: number, radiusY: number, side: number, top: number, color: string, centrePart = false): void {
  context.save();
  context.beginPath();
  context.ellipse(0, 0, radiusX * 1.08, radiusY * 1.07, 0, 0, Math.PI * 2);
  context.clip();
  context.beginPath();
  context.moveTo(-radiusX * 1.2, side);
  if (centrePart) {
    context.quadraticCurveTo(-radiusX * 0.6, top + radiusY * 0.1, 0, top - radiusY * 0.05);
    context.quadraticCurveTo(radiusX * 0.6, top + radiusY * 0.1, radiusX * 1.2, side);
  } else {
    context.quadraticCurveTo(0, top * 1.25 - side * 0.25, radiusX * 1.2, side);
  }
  context.lineTo(radiusX * 1.2, -radiusY * 1.3);
  context.lineTo(-radiusX * 1.2, -radiusY * 1.3);
  context.closePath();
  context.fillStyle = color;
  context.fill();
  context.restore();
}

export function drawHairFront(context: SKRSContext2D, identity: FaceIdentity, radiusX: number, radiusY: number): void {
  const hair = hairColorOf(identity);
  const color = rgb(hair);
  switch (identity.hairStyle) {
    case 'bald':
      fillEllipse(context, -radiusX * 0.3, -radiusY * 0.75, radiusX * 0.25, radiusY * 0.1, 'rgba(255,255,255,0.25)', -0.3);
      break;
    case 'buzz':
      hairCap(context, radiusX, radiusY, -radiusY * 0.15, -radiusY * 0.6, rgb(hair, 0.75));
      break;
    case 'short':
      hairCap(context, radiusX, radiusY, radiusY * 0.05, -radiusY * 0.5, color);
      fillEllipse(context, 0, -radiusY * 0.92, radiusX * 0.95, radiusY * 0.28, color);
      break;
    case 'side_part':
      hairCap(context, radiusX, radiusY, radiusY * 0.05, -radiusY * 0.55, color);
      fillEllipse(context, -radiusX * 0.35, -radiusY * 0.62, radiusX * 0.75, radiusY * 0.24, color, -0.35);
      fillEllipse(context, radiusX * 0.1, -radiusY * 0.98, radiusX * 0.9, radiusY * 0.26, color);
      break;
    case 'fringe':
      hairCap(context, radiusX, radiusY, -radiusY * 0.1, -radiusY * 0.28, color);
      fillEllipse(context, 0, -radiusY * 0.92, radiusX * 0.95, radiusY * 0.25, color);
      break;
    case 'curly':
    case 'afro':
      hairCap(context, radiusX, radiusY, -radiusY * 0.05, -radiusY * 0.5, color);
      for (let x = -radiusX * 0.9; x <= radiusX * 0.9; x += radiusX * 0.3) {
        fillEllipse(context, x, -radiusY * 0.55 - Math.cos(x / radiusX) * radiusY * 0.12, radiusX * 0.2, radiusX * 0.2, color);
      }
      break;
    case 'long':
    case 'wavy':
    case 'braids':
      hairCap(context, radiusX, radiusY, radiusY * 0.25, -radiusY * 0.55, color, true);
      break;
    case 'bob':
      hairCap(context, radiusX, radiusY, radiusY * 0.3, -radiusY * 0.35, color);
      break;
    case 'bun':
    case 'ponytail':
      hairCap(context, radiusX, radiusY, -radiusY * 0.05, -radiusY * 0.62, color);
      break;
    case 'mohawk':
      hairCap(context, radiusX, radiusY, -radiusY * 0.1, -radiusY * 0.6, rgb(hair, 0.35));
      fillPolygon(context, [[-radiusX * 0.22, -radiusY * 0.55], [-radiusX * 0.2, -radiusY * 1.2], [0, -radiusY * 1.5], [radiusX * 0.2, -radiusY * 1.2], [radiusX * 0.22, -radiusY * 0.55]], color);
      break;
    case 'spiky':
      hairCap(context, radiusX, radiusY, -radiusY * 0.05, -radiusY * 0.5, color);
      for (let angle = Math.PI * 1.1; angle <= Math.PI * 1.9; angle += Math.PI * 0.1) {
        const baseX = Math.cos(angle) * radiusX;
        const baseY = Math.sin(angle) * radiusY;
        fillPolygon(context, [[baseX - 2.2, baseY + 2], [baseX * 1.35, baseY * 1.3], [baseX + 2.2, baseY + 2]], color);
      }
      break;
  }
}

export function drawScarfBack(context: SKRSContext2D, identity: FaceIdentity, radiusX: number, radiusY: number): void {
  const color = rgb(shade(headwearColorOf(identity), 0.85));
  fillEllipse(context, 0, -radiusY * 0.08, radiusX * 1.32, radiusY * 1.25, color);
  fillPolygon(context, [[-radiusX * 1.3, 0], [radiusX * 1.3, 0], [radiusX * 1.9, radiusY * 2.2], [-radiusX * 1.9, radiusY * 2.2]], color);
}

export function drawHeadwear(context: SKRSContext2D, identity: FaceIdentity, radiusX: number, radiusY: number, facing: number): void {
  const base = headwearColorOf(identity);
  const color = rgb(base);
  const dark = rgb(shade(base, 0.7));
  switch (identity.headwear) {
    case 'beanie':
      context.beginPath();
      context.ellipse(0, -radiusY * 0.38, radiusX * 1.12, radiusY * 0.92, 0, Math.PI, Math.PI * 2);
      context.fillStyle = color;
      context.fill();
      context.fillStyle = dark;
      context.fillRect(-radiusX * 1.14, -radiusY * 0.5, radiusX * 2.28, radiusY * 0.24);
      fillEllipse(context, 0, -radiusY * 1.32, 2.6, 2.6, dark);
      break;
    case 'cap':
      context.beginPath();
      context.ellipse(0, -radiusY * 0.42, radiusX * 1.08, radiusY * 0.72, 0, Math.PI, Math.PI * 2);
      context.fillStyle = color;
      context.fill();
      fillEllipse(context, facing * radiusX * 0.35, -radiusY * 0.44, radiusX * 0.95, radiusY * 0.15, dark);
      break;
    case 'headband':
      context.save();
      context.beginPath();
      context.ellipse(0, 0, radiusX * 1.1, radiusY * 1.1, 0, 0, Math.PI * 2);
      context.clip();
      context.fillStyle = color;
      context.fillRect(-radiusX * 1.2, -radiusY * 0.68, radiusX * 2.4, radiusY * 0.18);
      context.restore();
      break;
    case 'headscarf':
      // The band around the face: the outer shape minus the face opening (even-odd fill).
      context.beginPath();
      context.ellipse(0, -radiusY * 0.08, radiusX * 1.32, radiusY * 1.25, 0, 0, Math.PI * 2);
      context.ellipse(0, radiusY * 0.12, radiusX * 0.93, radiusY * 0.98, 0, 0, Math.PI * 2);
      context.fillStyle = color;
      context.fill('evenodd');
      break;
    case 'none':
      break;
  }
}
