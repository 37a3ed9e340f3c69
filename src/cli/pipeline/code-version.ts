import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Provenance for results and audits: which code produced them and from which bytes of data.

const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface CodeVersion {
  // The commit of the checkout clearbench runs from, with "-dirty" when tracked files differ from it;
  // null outside a git checkout (an installed package).
  gitCommit: string | null;
}

export function codeVersion(): CodeVersion {
  const git = (args: string[]) => spawnSync('git', ['-C', packageRoot, ...args], { encoding: 'utf8', timeout: 10_000 });
  const head = git(['rev-parse', 'HEAD']);
  if (head.status !== 0 || !head.stdout.trim()) return { gitCommit: null };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  const dirty = status.status === 0 && status.stdout.trim() !== '';
  return { gitCommit: `${head.stdout.trim()}${dirty ? '-dirty' : ''}` };
}

// sha256 of every file under a dataset directory, by relative path: what an audit lists so that anyone can
// check they hold the same data.
export function dataFileHashes(directory: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path).sort()) {
      const child = join(path, entry);
      if (statSync(child).isDirectory()) walk(child);
      else hashes[relative(directory, child)] = createHash('sha256').update(readFileSync(child)).digest('hex');
    }
  };
  walk(directory);
  return hashes;
}
