import type { Buffer } from '../../backend.js';
import { forEachBroadcast, product, requireCount, requireLength } from '../checks.js';

// Strides into x for each output axis of a permute: output axis i walks input axis perm[i].
export function permuteStrides(shape: readonly number[], perm: readonly number[]): number[] {
  if (perm.length !== shape.length) throw new RangeError(`permute: perm has ${perm.length} axes, shape has ${shape.length}`);
  const seen = new Set(perm);
  if (seen.size !== perm.length || perm.some((axis) => !Number.isInteger(axis) || axis < 0 || axis >= shape.length)) {
    throw new RangeError(`permute: [${perm.join(', ')}] is not a permutation of ${shape.length} axes`);
  }
  const inputStrides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) inputStrides[axis] = inputStrides[axis + 1]! * shape[axis + 1]!;
  return perm.map((axis) => inputStrides[axis]!);
}

export function permute(x: Buffer, shape: readonly number[], perm: readonly number[], out: Buffer): void {
  const strides = permuteStrides(shape, perm);
  const size = product(shape);
  requireLength(x, size, 'permute x');
  requireLength(out, size, 'permute out');
  const outShape = perm.map((axis) => shape[axis]!);
  forEachBroadcast(outShape, [strides], (outIndex, offsets) => {
    out[outIndex] = x[offsets[0]!]!;
  });
}

function checkSlice(name: string, outer: number, size: number, inner: number, start: number, length: number,
  full: Buffer, part: Buffer): void {
  for (const [value, label] of [[outer, 'outer'], [size, 'size'], [inner, 'inner'], [start, 'start'], [length, 'length']] as const) {
    requireCount(value, `${name} ${label}`);
  }
  if (start + length > size) throw new RangeError(`${name}: [${start}, ${start + length}) exceeds axis size ${size}`);
  requireLength(full, outer * size * inner, `${name} full tensor`);
  requireLength(part, outer * length * inner, `${name} slice`);
}

export function slice(x: Buffer, outer: number, size: number, inner: number, start: number, length: number, out: Buffer): void {
  checkSlice('slice', outer, size, inner, start, length, x, out);
  for (let outerIndex = 0; outerIndex < outer; outerIndex++) {
    const from = (outerIndex * size + start) * inner;
    out.set(x.subarray(from, from + length * inner), outerIndex * length * inner);
  }
}

export function sliceBackward(gradOut: Buffer, outer: number, size: number, inner: number, start: number, length: number,
  gradX: Buffer): void {
  checkSlice('sliceBackward', outer, size, inner, start, length, gradX, gradOut);
  for (let outerIndex = 0; outerIndex < outer; outerIndex++) {
    const to = (outerIndex * size + start) * inner;
    const from = outerIndex * length * inner;
    for (let index = 0; index < length * inner; index++) gradX[to + index]! += gradOut[from + index]!;
  }
}

export function checkPatchify(name: string, batch: number, channels: number, height: number, width: number, patch: number,
  images: Buffer, patches: Buffer): void {
  if (!Number.isInteger(patch) || patch <= 0 || height % patch !== 0 || width % patch !== 0) {
    throw new RangeError(`${name}: a ${height}x${width} image does not split into ${patch}x${patch} patches`);
  }
  requireLength(images, batch * channels * height * width, `${name} images`);
  requireLength(patches, batch * channels * height * width, `${name} patches`);
}

// Calls visit(imageIndex, patchIndex) for every pixel: images (B, C, H, W) against patches (B, (H/p)(W/p), C p p).
function forEachPatchPixel(batch: number, channels: number, height: number, width: number, patch: number,
  visit: (imageIndex: number, patchIndex: number) => void): void {
  const patchesAcross = width / patch;
  const patchSize = channels * patch * patch;
  for (let image = 0; image < batch; image++) {
    for (let channel = 0; channel < channels; channel++) {
      for (let row = 0; row < height; row++) {
        for (let column = 0; column < width; column++) {
          const patchNumber = Math.floor(row / patch) * patchesAcross + Math.floor(column / patch);
          const within = (channel * patch + (row % patch)) * patch + (column % patch);
          const imageIndex = ((image * channels + channel) * height + row) * width + column;
          visit(imageIndex, (image * (height / patch) * patchesAcross + patchNumber) * patchSize + within);
        }
      }
    }
  }
}

export function patchify(images: Buffer, batch: number, channels: number, height: number, width: number, patch: number,
  out: Buffer): void {
  checkPatchify('patchify', batch, channels, height, width, patch, images, out);
  forEachPatchPixel(batch, channels, height, width, patch, (imageIndex, patchIndex) => {
    out[patchIndex] = images[imageIndex]!;
  });
}

export function patchifyBackward(gradOut: Buffer, batch: number, channels: number, height: number, width: number,
  patch: number, gradImages: Buffer): void {
  checkPatchify('patchifyBackward', batch, channels, height, width, patch, gradImages, gradOut);
  forEachPatchPixel(batch, channels, height, width, patch, (imageIndex, patchIndex) => {
    gradImages[imageIndex]! += gradOut[patchIndex]!;
  });
}
