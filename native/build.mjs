// Builds the native addon (build/Release/clearbench_native.node) with node-gyp, compiling the sources in
// parallel. When the running Node has its headers installed beside it (Debian's nodejs, the official
// tarballs), node-gyp is pointed at them, so the build needs no download of the header tarball.
// Run by `npm install` / `npm ci`; by hand: node native/build.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const prefix = dirname(dirname(process.execPath));
const args = ['rebuild', '--jobs', 'max'];
if (!process.env['npm_config_nodedir'] && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}

// npm tells its scripts where its own node-gyp is; by hand, look beside npm.
const candidates = [process.env['npm_config_node_gyp'], join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp',
  'bin', 'node-gyp.js')];
const nodeGyp = candidates.find((path) => path !== undefined && path !== '' && existsSync(path));
const result = nodeGyp === undefined
  ? spawnSync('node-gyp', args, { stdio: 'inherit', shell: process.platform === 'win32' })
  : spawnSync(process.execPath, [nodeGyp, ...args], { stdio: 'inherit' });
if (result.error) {
  console.error(`native/build.mjs: could not run node-gyp (${result.error.message}); install it with npm i -g node-gyp`);
  process.exit(1);
}
process.exit(result.status ?? 1);
