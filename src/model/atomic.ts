import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

// Write to a temporary name beside the target, flush, then rename: a crash leaves the old file or the new
// one, never half of one.
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  const handle = openSync(temporary, 'w');
  try {
    writeSync(handle, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
  renameSync(temporary, path);
}

// A directory is made complete under a temporary name, then renamed into place.
export function replaceDirectory(temporary: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  renameSync(temporary, target);
}
