import type { AttentionParams, Buffer } from '../../backend.js';
import { requireLength } from '../checks.js';

// Checks shared by both backends.
export function checkAttention(params: AttentionParams, buffers: readonly (readonly [Buffer, 'query' | 'key', string])[]): void {
  const { batch, heads, queryLength, keyLength, headDim, keyMask } = params;
  for (const [buffer, kind, name] of buffers) {
    const length = kind === 'query' ? queryLength : keyLength;
    requireLength(buffer, batch * heads * length * headDim, `attention ${name}`);
  }
  if (keyMask !== null) requireLength(keyMask, batch * keyLength, 'attention keyMask');
}

// Offset of position `position` of head `head` in a (batch, length, heads, headDim) buffer.
function rowStart(params: AttentionParams, length: number, batchIndex: number, position: number, head: number): number {
  return ((batchIndex * length + position) * params.heads + head) * params.headDim;
}

// Whether query `query` of batch item `batchIndex` may see key `key` (see AttentionParams).
function visible(params: AttentionParams, batchIndex: number, query: number, key: number): boolean {
  if (params.causal && key > params.keyLength - params.queryLength + query) return false;
  return params.keyMask === null || params.keyMask[batchIndex * params.keyLength + key] !== 0;
}

// Scores s_j = scale * q . k_j of one query row over the visible keys (-Infinity for hidden ones).
function scoreRow(params: AttentionParams, q: Buffer, k: Buffer, batchIndex: number, head: number, query: number): Float64Array {
  const { queryLength, keyLength, headDim } = params;
  const queryStart = rowStart(params, queryLength, batchIndex, query, head);
  const scores = new Float64Array(keyLength).fill(-Infinity);
  for (let key = 0; key < keyLength; key++) {
    if (!visible(params, batchIndex, query, key)) continue;
    const keyStart = rowStart(params, keyLength, batchIndex, key, head);
    let dot = 0;
    for (let dim = 0; dim < headDim; dim++) dot += q[queryStart + dim]! * k[keyStart + dim]!;
    scores[key] = params.scale * dot;
  }
  return scores;
}

// out = softmax(scores) @ v per query row. A query that sees no key gets out = 0 and logSumExp = -Infinity.
export function attention(params: AttentionParams, q: Buffer, k: Buffer, v: Buffer, out: Buffer, logSumExp: Buffer): void {
  checkAttention(params, [[q, 'query', 'q'], [k, 'key', 'k'], [v, 'key', 'v'], [out, 'query', 'out']]);
  const { batch, heads, queryLength, keyLength, headDim } = params;
  requireLength(logSumExp, batch * heads * queryLength, 'attention logSumExp');
  for (let batchIndex = 0; batchIndex < batch; batchIndex++) {
    for (let head = 0; head < heads; head++) {
      for (let query = 0; query < queryLength; query++) {
        const row = (batchIndex * heads + head) * queryLength + query;
        const scores = scoreRow(params, q, k, batchIndex, head, query);
        const max = Math.max(...scores);
        let sum = 0;
        for (const score of scores) sum += score === -Infinity ? 0 : Math.exp(score - max);
        const accumulator = new Float64Array(headDim);
        for (let key = 0; key < keyLength && sum > 0; key++) {
          const weight = scores[key] === -Infinity ? 0 : Math.exp(scores[key]! - max) / sum;
          const valueStart = rowStart(params, keyLength, batchIndex, key, head);
          for (let dim = 0; dim < headDim; dim++) accumulator[dim]! += weight * v[valueStart + dim]!;
        }
        out.set(accumulator, rowStart(params, queryLength, batchIndex, query, head));
        logSumExp[row] = sum > 0 ? max + Math.log(sum) : -Infinity;
      }
    }
  }
}

// With p = softmax(scores), dP_j = gradOut . v_j and D = gradOut . out: dS_j = p_j (dP_j - D);
// gradQ += scale sum_j dS_j k_j, gradK_j += scale dS_j q, gradV_j += p_j gradOut.
export function attentionBackward(params: AttentionParams, q: Buffer, k: Buffer, v: Buffer, out: Buffer, logSumExp: Buffer,
  gradOut: Buffer, gradQ: Buffer, gradK: Buffer, gradV: Buffer): void {
  checkAttention(params, [[q, 'query', 'q'], [k, 'key', 'k'], [v, 'key', 'v'], [out, 'query', 'out'],
    [gradOut, 'query', 'gradOut'], [gradQ, 'query', 'gradQ'], [gradK, 'key', 'gradK'], [gradV, 'key', 'gradV']]);
  const { batch, heads, queryLength, keyLength, headDim, scale } = params;
  requireLength(logSumExp, batch * heads * queryLength, 'attentionBackward logSumExp');
  for (let batchIndex = 0; batchIndex < batch; batchIndex++) {
    for (let head = 0; head < heads; head++) {
      const gradKSums = new Float64Array(keyLength * headDim);
      const gradVSums = new Float64Array(keyLength * headDim);
      for (let query = 0; query < queryLength; query++) {
        const row = (batchIndex * heads + head) * queryLength + query;
        const rowLse = logSumExp[row]!;
        if (rowLse === -Infinity) continue;
        const queryStart = rowStart(params, queryLength, batchIndex, query, head);
        const scores = scoreRow(params, q, k, batchIndex, head, query);
        let outDotGrad = 0;
        for (let dim = 0; dim < headDim; dim++) outDotGrad += out[queryStart + dim]! * gradOut[queryStart + dim]!;
        const gradQRow = new Float64Array(headDim);
        for (let key = 0; key < keyLength; key++) {
          if (scores[key] === -Infinity) continue;
          const probability = Math.exp(scores[key]! - rowLse);
          const keyStart = rowStart(params, keyLength, batchIndex, key, head);
          let gradProbability = 0;
          for (let dim = 0; dim < headDim; dim++) gradProbability += gradOut[queryStart + dim]! * v[keyStart + dim]!;
          const gradScore = probability * (gradProbability - outDotGrad);
          for (let dim = 0; dim < headDim; dim++) {
            gradQRow[dim]! += scale * gradScore * k[keyStart + dim]!;
            gradKSums[key * headDim + dim]! += scale * gradScore * q[queryStart + dim]!;
            gradVSums[key * headDim + dim]! += probability * gradOut[queryStart + dim]!;
          }
        }
        for (let dim = 0; dim < headDim; dim++) gradQ[queryStart + dim]! += gradQRow[dim]!;
      }
      for (let key = 0; key < keyLength; key++) {
        const keyStart = rowStart(params, keyLength, batchIndex, key, head);
        for (let dim = 0; dim < headDim; dim++) {
          gradK[keyStart + dim]! += gradKSums[key * headDim + dim]!;
          gradV[keyStart + dim]! += gradVSums[key * headDim + dim]!;
        }
      }
    }
  }
}
