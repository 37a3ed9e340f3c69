import sharp from 'sharp';
import { decodeSimplePng, downscaleByWholeFactor } from './png-decode.js';

/**
 * RGB bytes (HWC) of an encoded image, resized to size x size. Throws when the bytes do not decode.
 * Plain 8-bit PNGs whose sides are whole multiples of `size` (the generator's 64 px pictures) are decoded
 * and area-averaged here; everything else (JPEG, WebP, other sizes) goes through sharp.
 */
export async function decodeImageRgb(bytes: Uint8Array, size: number): Promise<Uint8Array> {
  const png = decodeSimplePng(bytes);
  const scaled = png ? downscaleByWholeFactor(png, size) : null;
  if (scaled) return scaled;
  const { data, info } = await sharp(bytes, { failOn: 'error' })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.length !== size * size * 3) {
    throw new Error(`decoded image has ${info.channels} channels and ${data.length} bytes, expected 3 and ${size * size * 3}`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Decodes to the model's input: RGB, size x size, CHW float32 in [-1, 1]. */
export async function decodeImage(bytes: Uint8Array, size: number): Promise<Float32Array> {
  const rgb = await decodeImageRgb(bytes, size);
  const plane = size * size;
  const output = new Float32Array(3 * plane); // (3, size, size)
  for (let pixel = 0; pixel < plane; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      output[channel * plane + pixel] = (rgb[pixel * 3 + channel] ?? 0) / 127.5 - 1;
    }
  }
  return output;
}

/** Decodes many images into one (count, 3, size, size) array, a few at a time (sharp works off-thread). */
export async function decodeImages(images: readonly Uint8Array[], size: number, concurrency = 8): Promise<Float32Array> {
  const stride = 3 * size * size;
  const output = new Float32Array(images.length * stride);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < images.length) {
      const index = next++;
      const bytes = images[index];
      if (bytes === undefined) continue;
      try {
        output.set(await decodeImage(bytes, size), index * stride);
      } catch (error) {
        throw new Error(`image ${index} does not decode: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, images.length) }, worker));
  return output;
}
