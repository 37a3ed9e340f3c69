// The layering rule of the architecture: a folder of src/ imports only from itself and the layers before it.
// Run by npm test; prints every violating import and exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const LAYERS = ['engine', 'model', 'data', 'train', 'unlearn', 'eval', 'report', 'cli'];
const root = resolve('src');
const layerOf = (file) => {
  const first = relative(root, file).split('/')[0];
  return LAYERS.indexOf(first);
};

function files(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const violations = [];
for (const file of files(root)) {
  const own = layerOf(file);
  if (own < 0) continue; // src/index.ts, the package root, may export from every layer
  for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), match[1]);
    const layer = layerOf(target);
    if (layer > own) violations.push(`${relative('.', file)} imports ${match[1]} (${LAYERS[own]} may not import ${LAYERS[layer]})`);
  }
}
if (violations.length > 0) {
  console.error(`layering: ${violations.length} import(s) against the layer order ${LAYERS.join(' -> ')}:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log(`layering: ok (${LAYERS.join(' -> ')})`);
