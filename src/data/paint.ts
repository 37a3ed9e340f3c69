import type { SKRSContext2D } from '@napi-rs/canvas';

export type Rgb = readonly [number, number, number];

export function rgb(color: Rgb, alpha = 1): string {
  const [red, green, blue] = color.map((channel) => Math.max(0, Math.min(255, Math.round(channel))));
  return alpha >= 1 ? `rgb(${red},${green},${blue})` : `rgba(${red},${green},${blue},${alpha})`;
}

/** Multiplies a colour: factor < 1 darkens, > 1 lightens. */
export function shade(color: Rgb, factor: number): Rgb {
  return [color[0] * factor, color[1] * factor, color[2] * factor];
}

export function mix(first: Rgb, second: Rgb, amount: number): Rgb {
  return [
    first[0] + (second[0] - first[0]) * amount,
    first[1] + (second[1] - first[1]) * amount,
    first[2] + (second[2] - first[2]) * amount,
  ];
}

export function fillEllipse(context: SKRSContext2D, x: number, y: number, radiusX: number, radiusY: number, color: string, rotation = 0): void {
  context.beginPath();
  context.ellipse(x, y, Math.max(0.1, radiusX), Math.max(0.1, radiusY), rotation, 0, Math.PI * 2);
  context.fillStyle = color;
  context.fill();
}

export function fillPolygon(context: SKRSContext2D, points: readonly (readonly [number, number])[], color: string): void {
  context.beginPath();
  points.forEach(([x, y], index) => (index === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
  context.closePath();
  context.fillStyle = color;
  context.fill();
}
