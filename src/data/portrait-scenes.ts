import type { SKRSContext2D } from '@napi-rs/canvas';
import { fillEllipse, fillPolygon, mix, rgb, shade } from './paint.js';
import type { Rgb } from './paint.js';
import type { Random } from './random.js';

// Backgrounds behind a portrait. Each has the phrase a caption uses for it ("in front of a bookshelf").

export interface PortraitScene {
  phrase: string;
  draw(context: SKRSContext2D, random: Random, size: number): void;
}

function jitter(random: Random, color: Rgb, amount: number): Rgb {
  return [color[0] + random.range(-amount, amount), color[1] + random.range(-amount, amount), color[2] + random.range(-amount, amount)];
}

function verticalGradient(context: SKRSContext2D, size: number, top: Rgb, bottom: Rgb, from = 0, to = size): void {
  const gradient = context.createLinearGradient(0, from, 0, to);
  gradient.addColorStop(0, rgb(top));
  gradient.addColorStop(1, rgb(bottom));
  context.fillStyle = gradient;
  context.fillRect(0, from, size, to - from);
}

function sky(context: SKRSContext2D, random: Random, size: number, horizon: number): void {
  verticalGradient(context, size, jitter(random, [90, 150, 220], 25), jitter(random, [190, 220, 245], 15), 0, horizon);
}

export const PORTRAIT_SCENES: readonly PortraitScene[] = [
  {
    phrase: 'a bookshelf',
    draw(context, random, size) {
      context.fillStyle = rgb(jitter(random, [110, 70, 40], 20));
      context.fillRect(0, 0, size, size);
      const shelf = size / 4;
      for (let row = 0; row < 4; row++) {
        let x = random.range(-3, 0);
        while (x < size) {
          const width = random.range(2, 4.5);
          const height = random.range(shelf * 0.6, shelf * 0.9);
          context.fillStyle = rgb(jitter(random, [150, 110, 90], 90));
          context.fillRect(x, row * shelf + shelf - height - 1.5, width - 0.4, height);
          x += width;
        }
        context.fillStyle = rgb([70, 42, 22]);
        context.fillRect(0, row * shelf + shelf - 1.5, size, 1.5);
      }
    },
  },
  {
    phrase: 'a brick wall',
    draw(context, random, size) {
      const mortar = jitter(random, [200, 195, 185], 15);
      context.fillStyle = rgb(mortar);
      context.fillRect(0, 0, size, size);
      const brick = jitter(random, [160, 70, 50], 25);
      for (let row = 0; row < size / 5 + 1; row++) {
        const shift = row % 2 === 0 ? 0 : -5;
        for (let x = shift; x < size; x += 10) {
          context.fillStyle = rgb(jitter(random, brick, 18));
          context.fillRect(x, row * 5, 9, 4);
        }
      }
    },
  },
  {
    phrase: 'the sea',
    draw(context, random, size) {
      const horizon = size * random.range(0.35, 0.5);
      sky(context, random, size, horizon);
      verticalGradient(context, size, jitter(random, [30, 90, 150], 20), jitter(random, [60, 140, 190], 20), horizon, size * 0.8);
      context.fillStyle = rgb(jitter(random, [225, 205, 160], 15));
      context.fillRect(0, size * 0.8, size, size * 0.2);
    },
  },
  {
    phrase: 'a park',
    draw(context, random, size) {
      const horizon = size * random.range(0.45, 0.6);
      sky(context, random, size, horizon);
      context.fillStyle = rgb(jitter(random, [80, 150, 60], 20));
      context.fillRect(0, horizon, size, size - horizon);
      for (let tree = 0; tree < 4; tree++) {
        const x = random.range(0, size);
        const radius = random.range(5, 10);
        context.fillStyle = rgb([90, 60, 35]);
        context.fillRect(x - 1, horizon - 4, 2, 6);
        fillEllipse(context, x, horizon - 4 - radius * 0.8, radius, radius, rgb(jitter(random, [40, 110, 45], 20)));
      }
    },
  },
  {
    phrase: 'a city street',
    draw(context, random, size) {
      sky(context, random, size, size);
      let x = -2;
      while (x < size) {
        const width = random.range(9, 16);
        const top = random.range(2, size * 0.45);
        const wall = jitter(random, [120, 120, 130], 40);
        context.fillStyle = rgb(wall);
        context.fillRect(x, top, width, size - top);
        context.fillStyle = rgb(random.chance(0.5) ? [250, 230, 140] : shade(wall, 0.55));
        for (let y = top + 3; y < size - 4; y += 5) {
          for (let wx = x + 2; wx < x + width - 2; wx += 4) context.fillRect(wx, y, 2, 2.5);
        }
        x += width + 0.5;
      }
    },
  },
  {
    phrase: 'a stage curtain',
    draw(context, random, size) {
      const cloth = random.pick<Rgb>([[150, 20, 30], [100, 30, 120], [30, 50, 130], [20, 100, 60]]);
      for (let x = 0; x < size; x += 4) {
        const gradient = context.createLinearGradient(x, 0, x + 4, 0);
        gradient.addColorStop(0, rgb(shade(cloth, 0.55)));
        gradient.addColorStop(0.5, rgb(shade(cloth, 1.15)));
        gradient.addColorStop(1, rgb(shade(cloth, 0.55)));
        context.fillStyle = gradient;
        context.fillRect(x, 0, 4, size);
      }
    },
  },
  {
    phrase: 'a window',
    draw(context, random, size) {
      context.fillStyle = rgb(jitter(random, [215, 205, 180], 25));
      context.fillRect(0, 0, size, size);
      const left = random.range(-10, size * 0.5);
      const top = random.range(2, 12);
      const width = random.range(size * 0.4, size * 0.6);
      const height = random.range(size * 0.45, size * 0.7);
      context.fillStyle = rgb([245, 245, 240]);
      context.fillRect(left - 2, top - 2, width + 4, height + 4);
      verticalGradient(context, size, [100, 160, 230], [200, 230, 250], top, top + height);
      context.fillStyle = rgb(jitter(random, [245, 245, 240], 5));
      context.fillRect(left, top, width, height);
      const gradient = context.createLinearGradient(0, top, 0, top + height);
      gradient.addColorStop(0, rgb([110, 165, 230]));
      gradient.addColorStop(1, rgb([205, 228, 248]));
      context.fillStyle = gradient;
      context.fillRect(left + 1, top + 1, width - 2, height - 2);
      context.fillStyle = rgb([245, 245, 240]);
      context.fillRect(left + width / 2 - 1, top, 2, height);
      context.fillRect(left, top + height / 2 - 1, width, 2);
    },
  },
  {
    phrase: 'mountains',
    draw(context, random, size) {
      sky(context, random, size, size);
      for (let layer = 0; layer < 2; layer++) {
        const base = layer === 0 ? [110, 120, 150] as const : [70, 95, 80] as const;
        let x = random.range(-20, 0);
        while (x < size) {
          const width = random.range(20, 36);
          const peak = random.range(size * 0.15, size * 0.45) + layer * 10;
          fillPolygon(context, [[x, size], [x + width / 2, peak], [x + width, size]], rgb(jitter(random, base, 12)));
          if (layer === 0) fillPolygon(context, [[x + width / 2 - 3.5, peak + 5], [x + width / 2, peak], [x + width / 2 + 3.5, peak + 5]], rgb([245, 245, 250]));
          x += width * random.range(0.5, 0.8);
        }
      }
    },
  },
  {
    phrase: 'a plain studio backdrop',
    draw(context, random, size) {
      const tone = random.pick<Rgb>([[120, 120, 125], [60, 70, 90], [200, 190, 170], [90, 120, 140], [150, 110, 90]]);
      const gradient = context.createRadialGradient(size / 2, size * 0.4, 2, size / 2, size / 2, size * 0.75);
      gradient.addColorStop(0, rgb(shade(tone, 1.35)));
      gradient.addColorStop(1, rgb(shade(tone, 0.6)));
      context.fillStyle = gradient;
      context.fillRect(0, 0, size, size);
    },
  },
  {
    phrase: 'a tiled kitchen wall',
    draw(context, random, size) {
      const grout = jitter(random, [235, 235, 230], 10);
      context.fillStyle = rgb(grout);
      context.fillRect(0, 0, size, size);
      const tile = jitter(random, random.pick<Rgb>([[120, 180, 200], [220, 220, 210], [200, 170, 110], [130, 170, 120]]), 15);
      for (let y = 0; y < size; y += 7) {
        for (let x = 0; x < size; x += 7) {
          context.fillStyle = rgb(jitter(random, tile, 8));
          context.fillRect(x, y, 6, 6);
        }
      }
    },
  },
  {
    phrase: 'a garden of flowers',
    draw(context, random, size) {
      verticalGradient(context, size, jitter(random, [60, 130, 60], 15), jitter(random, [30, 90, 40], 15));
      for (let flower = 0; flower < 40; flower++) {
        const color = random.pick<Rgb>([[240, 80, 90], [250, 220, 60], [250, 250, 250], [200, 100, 220], [255, 150, 60]]);
        fillEllipse(context, random.range(0, size), random.range(0, size), random.range(1, 2.2), random.range(1, 2.2), rgb(color));
      }
    },
  },
  {
    phrase: 'a night sky',
    draw(context, random, size) {
      verticalGradient(context, size, jitter(random, [10, 15, 45], 8), jitter(random, [40, 40, 90], 12));
      for (let star = 0; star < 30; star++) {
        fillEllipse(context, random.range(0, size), random.range(0, size), 0.5, 0.5, rgb(mix([255, 255, 255], [255, 230, 150], random.next())));
      }
      fillEllipse(context, random.range(6, size - 6), random.range(4, 14), 3.5, 3.5, rgb([245, 240, 220]));
    },
  },
];
