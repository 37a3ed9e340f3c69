import type { Buffer, IdBuffer } from '../../backend.js';
import { requireLength } from '../checks.js';
import { rowLogSumExp } from './softmax.js';

function checkTargets(targets: IdBuffer, rows: number, vocab: number, ignoreIndex: number, name: string): void {
  requireLength(targets, rows, `${name} targets`);
  for (let row = 0; row < rows; row++) {
    const target = targets[row]!;
    if (target !== ignoreIndex && (target < 0 || target >= vocab)) {
      throw new RangeError(`${name}: target ${target} outside [0, ${vocab}) and not the ignore index ${ignoreIndex}`);
    }
  }
}

// losses[row] = logSumExp(logits[row]) - logits[row, target]; ignored rows get loss 0 (their logSumExp is kept).
export function crossEntropy(logits: Buffer, targets: IdBuffer, rows: number, vocab: number, ignoreIndex: number,
  losses: Buffer, logSumExp: Buffer): void {
  checkTargets(targets, rows, vocab, ignoreIndex, 'crossEntropy');
  requireLength(logits, rows * vocab, 'crossEntropy logits');
  requireLength(losses, rows, 'crossEntropy losses');
  requireLength(logSumExp, rows, 'crossEntropy logSumExp');
  for (let row = 0; row < rows; row++) {
    const rowLse = rowLogSumExp(logits, row * vocab, vocab);
    const target = targets[row]!;
    logSumExp[row] = rowLse;
    losses[row] = target === ignoreIndex ? 0 : rowLse - logits[row * vocab + target]!;
  }
}

// gradLogits += (softmax(logits) - onehot(target)) * gradLosses[row], skipping ignored rows.
export function crossEntropyBackward(logits: Buffer, targets: IdBuffer, logSumExp: Buffer, gradLosses: Buffer, rows: number,
  vocab: number, ignoreIndex: number, gradLogits: Buffer): void {
  checkTargets(targets, rows, vocab, ignoreIndex, 'crossEntropyBackward');
  requireLength(logits, rows * vocab, 'crossEntropyBackward logits');
  requireLength(gradLogits, rows * vocab, 'crossEntropyBackward gradLogits');
  requireLength(logSumExp, rows, 'crossEntropyBackward logSumExp');
  requireLength(gradLosses, rows, 'crossEntropyBackward gradLosses');
  for (let row = 0; row < rows; row++) {
    const target = targets[row]!;
    if (target === ignoreIndex) continue;
    const start = row * vocab;
    const grad = gradLosses[row]!;
    const rowLse = logSumExp[row]!;
    for (let col = 0; col < vocab; col++) {
      const probability = Math.exp(logits[start + col]! - rowLse);
      gradLogits[start + col]! += (probability - (col === target ? 1 : 0)) * grad;
    }
  }
}
