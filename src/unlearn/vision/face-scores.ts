import { noGrad } from '../../engine/index.js';
import type { FaceClassifier } from '../../model/face-classifier.js';
import { chunks, faceBatch, faceCount } from './face-set.js';
import type { FaceSet } from './face-set.js';

// What evaluation reads off a classifier for each face: its predicted person, the cosine between the
// face's embedding and its true person's class row (the score U-LIRA attacks), and the embedding itself.
export interface FaceScores {
  predictions: Int32Array; // argmax of the cosines over every class
  trueCosines: Float64Array;
  embeddings: Float32Array; // (count, dim), as the backbone gives them
  dim: number;
}

export function scoreFaces(model: FaceClassifier, faces: FaceSet, chunkSize = 128): FaceScores {
  const count = faceCount(faces);
  const predictions = new Int32Array(count);
  const trueCosines = new Float64Array(count);
  const classes = model.config.classes;
  const dim = model.config.vision.dim;
  const embeddings = new Float32Array(count * dim);
  noGrad(() => {
    for (const rows of chunks(count, chunkSize)) {
      const forward = model.forward(faceBatch(faces, rows).images);
      const cosines = forward.cosines.data; // (rows, classes)
      embeddings.set(forward.embeddings.data, rows[0]! * dim);
      rows.forEach((row, offset) => {
        const base = offset * classes;
        let best = 0;
        for (let label = 1; label < classes; label++) if (cosines[base + label]! > cosines[base + best]!) best = label;
        predictions[row] = best;
        trueCosines[row] = cosines[base + faces.labels[row]!]!;
      });
    }
  });
  return { predictions, trueCosines, embeddings, dim };
}

// The reference's verification score (`attack.py`): each person's enrollment vector is the mean embedding
// of their first `enrolled` images, normalised; a face scores the cosine between its normalised embedding
// and its own person's enrollment vector. perPerson: each person's image indices in dataset order.
export function enrollmentCosines(scores: FaceScores, labels: Int32Array, perPerson: readonly (readonly number[])[], enrolled: number): Float64Array {
  const { dim, embeddings } = scores;
  const unit = (offset: number, values: Float32Array | Float64Array) => {
    let squares = 0;
    for (let index = 0; index < dim; index++) squares += values[offset + index]! ** 2;
    return Math.sqrt(squares) || 1;
  };
  const centroids = new Float64Array(perPerson.length * dim);
  perPerson.forEach((images, person) => {
    const chosen = images.slice(0, enrolled);
    for (const image of chosen) for (let index = 0; index < dim; index++) centroids[person * dim + index]! += embeddings[image * dim + index]!;
    const norm = unit(person * dim, centroids);
    for (let index = 0; index < dim; index++) centroids[person * dim + index]! /= norm;
  });
  return Float64Array.from(labels, (label, image) => {
    const norm = unit(image * dim, embeddings);
    let dot = 0;
    for (let index = 0; index < dim; index++) dot += embeddings[image * dim + index]! * centroids[label * dim + index]!;
    return dot / norm;
  });
}

// Share of the given faces (indices into the scored set) whose predicted person is their own.
export function accuracyOf(scores: FaceScores, labels: Int32Array, images: readonly number[]): number {
  if (images.length === 0) throw new RangeError('accuracy of no faces');
  let correct = 0;
  for (const image of images) if (scores.predictions[image] === labels[image]) correct++;
  return correct / images.length;
}
