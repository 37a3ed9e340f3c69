// Prints the include directory of an installed OpenBLAS cblas.h (with the library beside it), or nothing.
// binding.gyp runs it at configure time: with a result the addon calls cblas_sgemm, without it only the
// built-in GEMM is compiled. CLEARBENCH_OPENBLAS=0 forces the built-in-only build.
import { existsSync } from 'node:fs';

const triplet = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? '';
const includeCandidates = [
  `/usr/include/${triplet}/openblas-pthread`, // Debian / Ubuntu libopenblas-pthread-dev
  `/usr/include/${triplet}/openblas-openmp`,
  `/usr/include/${triplet}/openblas64-pthread`,
  '/usr/include/openblas', // Fedora, Arch
  '/opt/homebrew/opt/openblas/include',
  '/usr/local/opt/openblas/include',
];
const libraryCandidates = [`/usr/lib/${triplet}/libopenblas.so`, '/usr/lib64/libopenblas.so', '/usr/lib/libopenblas.so',
  '/opt/homebrew/opt/openblas/lib/libopenblas.dylib', '/usr/local/opt/openblas/lib/libopenblas.dylib'];

const disabled = process.env.CLEARBENCH_OPENBLAS === '0';
const include = includeCandidates.find((directory) => existsSync(`${directory}/cblas.h`));
const library = libraryCandidates.find((path) => existsSync(path));
if (!disabled && include !== undefined && library !== undefined) {
  process.stdout.write(`${include}\n`);
}
