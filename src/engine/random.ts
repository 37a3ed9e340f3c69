// A small seeded generator (xoshiro128**, seeded by splitmix32), so every random draw in clearbench comes
// from a seed passed in as an argument and a run repeats bit for bit.
export class Rng {
  private state: Uint32Array;

  constructor(seed: number) {
    this.state = new Uint32Array(4);
    let mix = seed >>> 0;
    for (let index = 0; index < 4; index++) {
      mix = (mix + 0x9e3779b9) >>> 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.state[index] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  nextUint32(): number {
    const s = this.state;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  // Uniform in [0, 1).
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(limit: number): number {
    return Math.floor(this.next() * limit);
  }

  normal(): number {
    // Box-Muller; 1 - next() keeps the logarithm finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    return radius * Math.cos(2 * Math.PI * this.next());
  }

  shuffle<T>(items: T[]): T[] {
    for (let index = items.length - 1; index > 0; index--) {
      const other = this.int(index + 1);
      [items[index], items[other]] = [items[other]!, items[index]!];
    }
    return items;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items to pick from');
    return items[this.int(items.length)]!;
  }

  // An independent child generator, so adding draws in one place does not shift every later one.
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
