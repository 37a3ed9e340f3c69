import type { Buffer, UnaryOp } from '../../backend.js';
import { requireLength } from '../checks.js';
import { normalCdf } from './erf.js';

const inverseSqrtTwoPi = 0.3989422804014327; // 1 / sqrt(2 pi)

export function applyUnary(op: UnaryOp, x: number, scalar: number): number {
  switch (op) {
    case 'neg': return -x;
    case 'exp': return Math.exp(x);
    case 'log': return Math.log(x);
    case 'sqrt': return Math.sqrt(x);
    case 'tanh': return Math.tanh(x);
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'gelu': return x * normalCdf(x); // the exact form, PyTorch's default F.gelu
    case 'relu': return x > 0 ? x : 0;
    case 'abs': return Math.abs(x);
    case 'square': return x * x;
    case 'pow': return x ** scalar;
    case 'scale': return x * scalar;
    case 'addScalar': return x + scalar;
  }
}

// dy/dx at x, given y = f(x). abs and relu take PyTorch's subgradient 0 at 0.
export function unaryDerivative(op: UnaryOp, x: number, y: number, scalar: number): number {
  switch (op) {
    case 'neg': return -1;
    case 'exp': return y;
    case 'log': return 1 / x;
    case 'sqrt': return 0.5 / y;
    case 'tanh': return 1 - y * y;
    case 'sigmoid': return y * (1 - y);
    case 'gelu': return normalCdf(x) + x * inverseSqrtTwoPi * Math.exp(-0.5 * x * x);
    case 'relu': return x > 0 ? 1 : 0;
    case 'abs': return x > 0 ? 1 : x < 0 ? -1 : 0;
    case 'square': return 2 * x;
    case 'pow': return scalar === 0 ? 0 : scalar * x ** (scalar - 1);
    case 'scale': return scalar;
    case 'addScalar': return 1;
  }
}

export function unary(op: UnaryOp, x: Buffer, out: Buffer, scalar: number): void {
  requireLength(out, x.length, 'unary out');
  for (let index = 0; index < x.length; index++) out[index] = applyUnary(op, x[index]!, scalar);
}

export function unaryBackward(op: UnaryOp, x: Buffer, y: Buffer, gradY: Buffer, gradX: Buffer, scalar: number): void {
  requireLength(y, x.length, 'unaryBackward y');
  requireLength(gradY, x.length, 'unaryBackward gradY');
  requireLength(gradX, x.length, 'unaryBackward gradX');
  for (let index = 0; index < x.length; index++) {
    gradX[index]! += unaryDerivative(op, x[index]!, y[index]!, scalar) * gradY[index]!;
  }
}
