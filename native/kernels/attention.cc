// Fused scaled-dot-product attention on the (batch, length, heads, headDim) layout that the q, k and v
// projections write, so a model needs no transpose around it (issue 3: those permutes cost 5% of a step);
// a (batch, head) pair's rows are headDim floats every heads * headDim. Each pair belongs to one thread,
// which walks its queries in blocks of up to 64 rows: scores for a block are one small GEMM into a thread-local scratch
// (block x visible keys), masked and soft-maxed in place, then multiplied into the output by a second
// GEMM. No (queryLength, keyLength) matrix is kept: backward recomputes the probabilities from
// logSumExp, as flash attention does. Key and value gradients of a pair are summed over its query
// blocks in order by the one thread that owns the pair, so the result does not depend on threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels.h"
#include "parallel.h"
#include "vector-math.h"

namespace clearbench {
namespace {

constexpr float kNegativeInfinity = -std::numeric_limits<float>::infinity();
// Causal blocks see keys only up to their last query, so smaller blocks skip more of the masked triangle.
constexpr int64_t kQueryBlock = 32;

// Keys [0, visibleEnd) may be seen by query `query` before the key mask: causal queries sit at the end.
inline int64_t visibleEnd(const AttentionArgs& args, int64_t query) {
  if (!args.causal) return args.keyLength;
  return std::clamp<int64_t>(args.keyLength - args.queryLength + query + 1, 0, args.keyLength);
}

// Floats between consecutive positions of one head: rows of q, k, v, out and their gradients.
inline int64_t rowStride(const AttentionArgs& args) { return args.heads * args.headDim; }

// One pair's view of the buffers and one query block [first, first + rows) of it.
struct Block {
  const float* q; const float* k; const float* v;  // this pair's first row; rows are rowStride apart
  const int32_t* mask;                             // this batch item's keyLength flags, or null
  int64_t first, rows;
  int64_t keys;  // keys the block may see: up to its last query's causal bound and the last unmasked key
};

// scores (rows, keys) = scale * Q_block K^T, then -inf where a query may not see a key.
void maskedScores(const AttentionArgs& args, const Block& block, float* scores) {
  const int64_t stride = rowStride(args);
  gemmSingleThreadedStrided(block.q + block.first * stride, stride, block.k, stride, scores, block.keys, block.rows,
                            block.keys, args.headDim, false, true, args.scale, 0.0f);
  for (int64_t row = 0; row < block.rows; row++) {
    float* line = scores + row * block.keys;
    const int64_t end = std::min(block.keys, visibleEnd(args, block.first + row));
    for (int64_t key = end; key < block.keys; key++) line[key] = kNegativeInfinity;
    if (block.mask == nullptr) continue;
    for (int64_t key = 0; key < end; key++) {
      if (block.mask[key] == 0) line[key] = kNegativeInfinity;
    }
  }
}

// line[j] = exp(line[j] - shift) in place; returns their float64 sum.
double exponentiate(float* line, int64_t count, float shift) {
  const __m256 shiftVector = _mm256_set1_ps(shift);
  map8(line, line, count, [&](__m256 value) { return exp8(_mm256_sub_ps(value, shiftVector)); });
  double sum = 0.0;
#pragma omp simd reduction(+ : sum)
  for (int64_t index = 0; index < count; index++) sum += line[index];
  return sum;
}

// Offsets of a pair's first query row and first key row.
inline int64_t queryBase(const AttentionArgs& args, int64_t pair) {
  const int64_t batchIndex = pair / args.heads, head = pair % args.heads;
  return (batchIndex * args.queryLength * args.heads + head) * args.headDim;
}
inline int64_t keyBase(const AttentionArgs& args, int64_t pair) {
  const int64_t batchIndex = pair / args.heads, head = pair % args.heads;
  return (batchIndex * args.keyLength * args.heads + head) * args.headDim;
}

// One past the last key that the mask lets anyone see: keys after it (right padding) are skipped.
int64_t lastVisibleKey(const AttentionArgs& args, int64_t batchIndex) {
  if (args.keyMask == nullptr) return args.keyLength;
  const int32_t* mask = args.keyMask + batchIndex * args.keyLength;
  int64_t end = args.keyLength;
  while (end > 0 && mask[end - 1] == 0) end--;
  return end;
}

// Calls body(pair, block, scratch) for every query block of every (batch, head) pair; scratch holds
// 2 * rows * keys + rows floats. Hidden keys contribute exact zeros, so skipping them changes nothing.
template <class Body>
void forEachBlock(const AttentionArgs& args, const float* q, const float* k, const float* v, Body body) {
  const int64_t pairs = args.batch * args.heads;
  parallelFor(pairs, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> scratch;
    for (int64_t pair = begin; pair < end; pair++) {
      const int64_t batchIndex = pair / args.heads;
      const int64_t keyEnd = lastVisibleKey(args, batchIndex);
      for (int64_t first = 0; first < args.queryLength; first += kQueryBlock) {
        Block block{q + queryBase(args, pair), k + keyBase(args, pair), v + keyBase(args, pair),
                    args.keyMask != nullptr ? args.keyMask + batchIndex * args.keyLength : nullptr, first,
                    std::min(kQueryBlock, args.queryLength - first), 0};
        block.keys = std::min(keyEnd, visibleEnd(args, first + block.rows - 1));
        scratch.resize(static_cast<size_t>(2 * block.rows * block.keys + block.rows));
        body(pair, block, scratch.data());
      }
    }
  });
}

}  // namespace

void attention(const AttentionArgs& args, const float* q, const float* k, const float* v, float* out, float* logSumExp) {
  const int64_t headDim = args.headDim;
  const int64_t stride = rowStride(args);
  forEachBlock(args, q, k, v, [&](int64_t pair, const Block& block, float* scores) {
    const int64_t rowBase = pair * args.queryLength + block.first;  // into logSumExp
    float* output = out + queryBase(args, pair) + block.first * stride;
    if (block.keys > 0) maskedScores(args, block, scores);
    float* inverse = scores + 2 * block.rows * block.keys;
    std::fill(inverse, inverse + block.rows, 0.0f);
    for (int64_t row = 0; row < block.rows; row++) {
      float* line = scores + row * block.keys;
      float max = kNegativeInfinity;
      for (int64_t key = 0; key < block.keys; key++) max = std::max(max, line[key]);
      if (max == kNegativeInfinity) {
        // No visible key: a zero output and -inf logSumExp, which backward reads as "no gradient".
        std::fill(line, line + block.keys, 0.0f);
        logSumExp[rowBase + row] = kNegativeInfinity;
        continue;
      }
      const double sum = exponentiate(line, block.keys, max);
      inverse[row] = static_cast<float>(1.0 / sum);
      logSumExp[rowBase + row] = max + static_cast<float>(std::log(sum));
    }
    if (block.keys == 0) {
      for (int64_t row = 0; row < block.rows; row++) std::fill(output + row * stride, output + row * stride + headDim, 0.0f);
      return;
    }
    gemmSingleThreadedStrided(scores, block.keys, block.v, stride, output, stride, block.rows, headDim, block.keys, false,
                              false, 1.0f, 0.0f);
    for (int64_t row = 0; row < block.rows; row++) {
      for (int64_t dim = 0; dim < headDim; dim++) output[row * stride + dim] *= inverse[row];
    }
  });
}

// With P the probabilities, dP = gradOut V^T and D = rowsum(gradOut * out): dS = P * (dP - D) * scale,
// gradQ += dS K, gradK += dS^T Q, gradV += P^T gradOut.
void attentionBackward(const AttentionArgs& args, const float* q, const float* k, const float* v, const float* out,
                       const float* logSumExp, const float* gradOut, float* gradQ, float* gradK, float* gradV) {
  const int64_t headDim = args.headDim;
  const int64_t stride = rowStride(args);
  forEachBlock(args, q, k, v, [&](int64_t pair, const Block& block, float* scratch) {
    if (block.keys == 0) return;
    const int64_t rowBase = pair * args.queryLength + block.first;  // into logSumExp
    const int64_t blockOffset = queryBase(args, pair) + block.first * stride;
    const float* gradBlock = gradOut + blockOffset;
    float* probabilities = scratch;
    float* gradScores = scratch + block.rows * block.keys;
    maskedScores(args, block, probabilities);
    gemmSingleThreadedStrided(gradBlock, stride, block.v, stride, gradScores, block.keys, block.rows, block.keys, headDim,
                              false, true, 1.0f, 0.0f);
    for (int64_t row = 0; row < block.rows; row++) {
      float* line = probabilities + row * block.keys;
      float* gradLine = gradScores + row * block.keys;
      const float rowLse = logSumExp[rowBase + row];
      if (rowLse == kNegativeInfinity) {
        std::fill(line, line + block.keys, 0.0f);
        std::fill(gradLine, gradLine + block.keys, 0.0f);
        continue;
      }
      exponentiate(line, block.keys, rowLse);
      float shift = 0.0f;
      const float* outRow = out + blockOffset + row * stride;
      const float* gradRow = gradBlock + row * stride;
#pragma omp simd reduction(+ : shift)
      for (int64_t dim = 0; dim < headDim; dim++) shift += gradRow[dim] * outRow[dim];
      for (int64_t key = 0; key < block.keys; key++) gradLine[key] = line[key] * (gradLine[key] - shift) * args.scale;
    }
    const int64_t keys = keyBase(args, pair);
    gemmSingleThreadedStrided(gradScores, block.keys, block.k, stride, gradQ + blockOffset, stride, block.rows, headDim,
                              block.keys, false, false, 1.0f, 1.0f);
    gemmSingleThreadedStrided(gradScores, block.keys, block.q + block.first * stride, stride, gradK + keys, stride,
                              block.keys, headDim, block.rows, true, false, 1.0f, 1.0f);
    gemmSingleThreadedStrided(probabilities, block.keys, gradBlock, stride, gradV + keys, stride, block.keys, headDim,
                              block.rows, true, false, 1.0f, 1.0f);
  });
}

}  // namespace clearbench
