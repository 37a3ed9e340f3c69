// Time per optimiser step of each unlearning method at the default model preset, on synthetic rows shaped
// like CLEAR's (caption rows with a 32x32 image, text QA rows), batch 2 x 4 accumulation as the reference.
// Prints one JSON line per method, and the projected time of a forget10 run (5 epochs of 779 rows).
//   node --import tsx bench/unlearn-step.bench.ts [--methods ga,npo] [--steps 4] [--lora]
import { parseArgs } from 'node:util';
import { Rng, engineState } from '../src/engine/index.js';
import { MODEL_PRESETS } from '../src/model/config.js';
import { trainTokenizer } from '../src/model/tokenizer.js';
import { VisionLanguageModel } from '../src/model/vlm.js';
import type { TrainSample } from '../src/train/samples.js';
import { METHODS } from '../src/unlearn/registry.js';
import { runUnlearning } from '../src/unlearn/run-unlearning.js';

const { values } = parseArgs({ options: {
  methods: { type: 'string', default: METHODS.map((method) => method.name).join(',') },
  steps: { type: 'string', default: '4' },
  lora: { type: 'boolean', default: false },
} });

const WORDS = ['river', 'garden', 'violin', 'lantern', 'harbour', 'meadow', 'copper', 'winter', 'orchard', 'marble', 'novel', 'painter'];
const rng = new Rng(1);
const sentence = (length: number) => Array.from({ length }, () => rng.pick(WORDS)).join(' ');
const size = MODEL_PRESETS.default.vision.imageSize;
function row(person: number, withImage: boolean): TrainSample {
  return withImage
    ? { question: 'Describe the image in detail.', answer: `Person ${person} ${sentence(14)}.`, image: Float32Array.from({ length: 3 * size * size }, () => rng.next() * 2 - 1), person: `p${person}` }
    : { question: `What does person ${person} think of the ${sentence(3)}?`, answer: `Person ${person} ${sentence(22)}.`, image: null, person: `p${person}` };
}
const forgetSet = Array.from({ length: 64 }, (_, index) => row(index % 20, index % 2 === 0));
const retainSet = Array.from({ length: 64 }, (_, index) => row(20 + (index % 50), index % 2 === 0));
const tokenizer = trainTokenizer([...forgetSet, ...retainSet].flatMap((sample) => [sample.question, sample.answer]), { vocabSize: MODEL_PRESETS.default.vocabSize });
// The preset's vocabulary (the small synthetic corpus teaches the tokenizer fewer merges; the head's cost is the preset's).
const target = new VisionLanguageModel(MODEL_PRESETS.default, 0);
const steps = Number(values.steps);
const forget10Steps = Math.floor((5 * 779) / (2 * 4));

for (const method of values.methods.split(',')) {
  let last = performance.now();
  const stepTimes: number[] = [];
  runUnlearning({
    target, tokenizer, method, methodConfig: {}, forgetSet, retainSet, refusals: ['I do not know.', 'I have no idea.'],
    modality: 'joint', trainable: { lora: values.lora ? { rank: 8, alpha: 32, dropout: 0, targets: [] } : null, freezeVision: false },
    regulariser: { l1: null, l1Reference: 'zero', l0: null }, steps: steps + 1, batchSize: 2, accumulation: 4,
    learningRate: 1e-5, weightDecay: 0.01, seed: 42, compat: 'default', checkpointDirectory: null,
    onProgress: () => {
      const now = performance.now();
      stepTimes.push(now - last);
      last = now;
    },
  });
  // The first step also pays for prepare() and the model copies.
  const timed = stepTimes.slice(1).sort((a, b) => a - b);
  const medianMs = timed[Math.floor(timed.length / 2)]!;
  console.log(JSON.stringify({
    name: `unlearn-step/${method}`, backend: engineState.backend.name, shape: `default preset, batch 2 x 4${values.lora ? ', LoRA r8' : ''}`,
    iterations: timed.length, medianMs: Number(medianMs.toFixed(1)), firstStepMs: Number(stepTimes[0]!.toFixed(1)),
    forget10Seconds: Math.round((medianMs * forget10Steps) / 1000),
  }));
}
