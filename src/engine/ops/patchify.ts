import { Tensor, ShapeError, formatShape, gradBuffer } from '../tensor.js';
import { emptyLike, expectFloat, record } from './record.js';

// images (batch, channels, height, width) -> patches (batch, patchCount, channels * patch * patch): with a
// linear layer after it, this is a ViT's stride-`patch` convolution.
export function patchify(images: Tensor, patch: number): Tensor {
  expectFloat('patchify', images);
  if (images.rank !== 4) throw new ShapeError(`patchify: images must be (batch, channels, height, width), got ${formatShape(images.shape)}`);
  const [batch, channels, height, width] = images.shape as [number, number, number, number];
  if (height % patch !== 0 || width % patch !== 0) {
    throw new ShapeError(`patchify: image ${height}x${width} is not divisible into ${patch}x${patch} patches`);
  }
  const output = emptyLike([batch, (height / patch) * (width / patch), channels * patch * patch], images);
  images.backend.patchify(images.data, batch, channels, height, width, patch, output.data);
  return record(output, 'patchify', [images], (gradOutput) => {
    images.backend.patchifyBackward(gradOutput, batch, channels, height, width, patch, gradBuffer(images));
  });
}
