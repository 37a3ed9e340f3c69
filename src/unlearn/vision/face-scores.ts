import { noGrad } from '../../engine/index.js';
import type { FaceClassifier } from '../../model/face-classifier.js';
import { chunks, faceBatch, faceCount } from './face-set.js';
import type { FaceSet } from './face-set.js';

// What evaluation reads off a classifier for each face: its predicted person and the cosine between the
// face's embedding and its true person's class row (the score U-LIRA attacks).
export interface FaceScores {
  predictions: Int32Array; // argmax of the cosines over every class
  trueCosines: Float64Array;
}

export function scoreFaces(model: FaceClassifier, faces: FaceSet, chunkSize = 128): FaceScores {
  const count = faceCount(faces);
  const predictions = new Int32Array(count);
  const trueCosines = new Float64Array(count);
  const classes = model.config.classes;
  noGrad(() => {
    for (const rows of chunks(count, chunkSize)) {
      const cosines = model.forward(faceBatch(faces, rows).images).cosines.data; // (rows, classes)
      rows.forEach((row, offset) => {
        const base = offset * classes;
        let best = 0;
        for (let label = 1; label < classes; label++) if (cosines[base + label]! > cosines[base + best]!) best = label;
        predictions[row] = best;
        trueCosines[row] = cosines[base + faces.labels[row]!]!;
      });
    }
  });
  return { predictions, trueCosines };
}

// Share of the given faces (indices into the scored set) whose predicted person is their own.
export function accuracyOf(scores: FaceScores, labels: Int32Array, images: readonly number[]): number {
  if (images.length === 0) throw new RangeError('accuracy of no faces');
  let correct = 0;
  for (const image of images) if (scores.predictions[image] === labels[image]) correct++;
  return correct / images.length;
}
