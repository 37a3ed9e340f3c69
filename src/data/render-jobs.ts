import type { FaceIdentity } from './face-identity.js';
import { encodePng } from './png.js';
import { renderPortrait } from './portrait.js';
import type { PortraitVariation } from './portrait.js';
import { Random } from './random.js';
import { renderWorldScene } from './world-scenes.js';
import type { WorldScene } from './world-scenes.js';

/**
 * One picture to draw, as plain data so that it can cross to a worker thread. `stream` names the random
 * stream for the picture's pixel-level details (scene clutter, noise), so the bytes do not depend on which
 * thread drew them.
 */
export type RenderJob =
  | { kind: 'portrait'; face: FaceIdentity; variation: PortraitVariation; stream: (string | number)[] }
  | { kind: 'scene'; scene: WorldScene; stream: (string | number)[] };

/** PNG bytes of one job. */
export function renderJob(job: RenderJob, seed: number, size: number): Uint8Array {
  const random = Random.stream(seed, ...job.stream);
  const pixels = job.kind === 'portrait' ? renderPortrait(job.face, job.variation, random, size) : renderWorldScene(job.scene, random, size);
  return encodePng(pixels, size);
}
