// Metric costs at evaluation sizes: ROUGE of one task's generations (300 pairs of ~100 words), KS on
// 300-sample truth ratios (the exact path) and on the largest exact and an asymptotic size. One JSON line
// each on stdout.  node --import tsx bench/metrics.bench.ts
import { ksTwoSample, rougeScores } from '../src/eval/metrics/index.js';

const words = ('the person in the image is standing near a river wearing a red coat and smiling at the camera while '
  + 'generously holding books about happiness running agreed relational conditional operators').split(' ');

function text(seed: number, length: number): string {
  return Array.from({ length }, (_, index) => words[(seed * 31 + index * 17 + (index * index) % 7) % words.length]).join(' ');
}

function sample(count: number, multiplier: number, shift: number): number[] {
  return Array.from({ length: count }, (_, index) => ((index * multiplier + 3) % 100003) / 100003 + shift);
}

function measure(name: string, shape: string, iterations: number, run: () => void): void {
  run();
  const times: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((first, second) => first - second);
  const medianMs = times[Math.floor(times.length / 2)] ?? Number.NaN;
  console.log(JSON.stringify({ name, backend: 'js', shape, iterations, medianMs: Number(medianMs.toFixed(3)) }));
}

const predictions = Array.from({ length: 300 }, (_, index) => text(index, 100));
const references = Array.from({ length: 300 }, (_, index) => text(index + 1, 80));
measure('rougeScores', '300 pairs x ~100 words', 5, () => {
  predictions.forEach((prediction, index) => rougeScores(prediction, references[index] ?? ''));
});
measure('ksTwoSample', '300 vs 300 (exact)', 20, () => ksTwoSample(sample(300, 7919, 0), sample(300, 104729, 0.05)));
measure('ksTwoSample', '10000 vs 9000 (exact)', 5, () => ksTwoSample(sample(10000, 7919, 0), sample(9000, 104729, 0.01)));
measure('ksTwoSample', '12000 vs 12000 (asymptotic)', 5, () => ksTwoSample(sample(12000, 7919, 0), sample(12000, 104729, 0.05)));
