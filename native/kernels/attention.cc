// Fused scaled-dot-product attention, one (batch, head) pair per thread step. Each query row keeps its
// scores in a small scratch row (keyLength floats), so no (queryLength, keyLength) matrix is stored:
// backward recomputes the probabilities from logSumExp, as flash attention does. Key gradients of a pair
// are summed over its queries in order by the one thread that owns the pair.
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

inline float dot(const float* left, const float* right, int64_t length) {
  float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
  for (int64_t index = 0; index < length; index++) sum += left[index] * right[index];
  return sum;
}

inline void addScaled(float* target, float scale, const float* source, int64_t length) {
#pragma omp simd
  for (int64_t index = 0; index < length; index++) target[index] += scale * source[index];
}

// Keys [0, visibleEnd) may be seen by query `query` before the mask: causal queries sit at the end.
inline int64_t visibleEnd(const AttentionArgs& args, int64_t query) {
  if (!args.causal) return args.keyLength;
  return std::clamp<int64_t>(args.keyLength - args.queryLength + query + 1, 0, args.keyLength);
}

// scores[j] = scale * q . k_j for visible keys, -inf for masked ones; returns the maximum.
float scoreRow(const AttentionArgs& args, const float* query, const float* keys, const int32_t* mask, int64_t end,
               float* scores) {
  float max = kNegativeInfinity;
  for (int64_t key = 0; key < end; key++) {
    if (mask != nullptr && mask[key] == 0) {
      scores[key] = kNegativeInfinity;
      continue;
    }
    scores[key] = args.scale * dot(query, keys + key * args.headDim, args.headDim);
    max = std::max(max, scores[key]);
  }
  return max;
}

// scores[j] = exp(scores[j] - shift) in place; returns their sum.
double exponentiate(float* scores, int64_t count, float shift) {
  const __m256 shiftVector = _mm256_set1_ps(shift);
  map8(scores, scores, count, [&](__m256 value) { return exp8(_mm256_sub_ps(value, shiftVector)); });
  double sum = 0.0;
#pragma omp simd reduction(+ : sum)
  for (int64_t key = 0; key < count; key++) sum += scores[key];
  return sum;
}

}  // namespace

void attention(const AttentionArgs& args, const float* q, const float* k, const float* v, float* out, float* logSumExp) {
  const int64_t pairs = args.batch * args.heads;
  const int64_t headDim = args.headDim;
  parallelFor(pairs, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> scores(std::max<int64_t>(1, args.keyLength));
    std::vector<float> accumulator(std::max<int64_t>(1, headDim));
    for (int64_t pair = begin; pair < end; pair++) {
      const int64_t batchIndex = pair / args.heads;
      const float* keys = k + pair * args.keyLength * headDim;
      const float* values = v + pair * args.keyLength * headDim;
      const int32_t* mask = args.keyMask != nullptr ? args.keyMask + batchIndex * args.keyLength : nullptr;
      for (int64_t query = 0; query < args.queryLength; query++) {
        const int64_t row = pair * args.queryLength + query;
        const int64_t keyEnd = visibleEnd(args, query);
        const float max = scoreRow(args, q + row * headDim, keys, mask, keyEnd, scores.data());
        float* output = out + row * headDim;
        if (max == kNegativeInfinity) {
          // No visible key: a zero output and -inf logSumExp, which backward reads as "no gradient".
          std::fill(output, output + headDim, 0.0f);
          logSumExp[row] = kNegativeInfinity;
          continue;
        }
        const double sum = exponentiate(scores.data(), keyEnd, max);
        std::fill(accumulator.begin(), accumulator.end(), 0.0f);
        for (int64_t key = 0; key < keyEnd; key++) {
          if (scores[key] != 0.0f) addScaled(accumulator.data(), scores[key], values + key * headDim, headDim);
        }
        const float inverse = static_cast<float>(1.0 / sum);
        for (int64_t dim = 0; dim < headDim; dim++) output[dim] = accumulator[dim] * inverse;
        logSumExp[row] = max + static_cast<float>(std::log(sum));
      }
    }
  });
}

void attentionBackward(const AttentionArgs& args, const float* q, const float* k, const float* v, const float* out,
                       const float* logSumExp, const float* gradOut, float* gradQ, float* gradK, float* gradV) {
  const int64_t pairs = args.batch * args.heads;
  const int64_t headDim = args.headDim;
  parallelFor(pairs, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> probabilities(std::max<int64_t>(1, args.keyLength));
    for (int64_t pair = begin; pair < end; pair++) {
      const int64_t batchIndex = pair / args.heads;
      const int64_t keyBase = pair * args.keyLength * headDim;
      const int32_t* mask = args.keyMask != nullptr ? args.keyMask + batchIndex * args.keyLength : nullptr;
      for (int64_t query = 0; query < args.queryLength; query++) {
        const int64_t row = pair * args.queryLength + query;
        const float rowLse = logSumExp[row];
        if (rowLse == kNegativeInfinity) continue;
        const float* queryRow = q + row * headDim;
        const float* gradRow = gradOut + row * headDim;
        const int64_t keyEnd = visibleEnd(args, query);
        scoreRow(args, queryRow, k + keyBase, mask, keyEnd, probabilities.data());
        exponentiate(probabilities.data(), keyEnd, rowLse);
        // D = gradOut . out equals sum_j p_j (gradOut . v_j), the softmax Jacobian's shift.
        const float shift = dot(gradRow, out + row * headDim, headDim);
        float* gradQueryRow = gradQ + row * headDim;
        for (int64_t key = 0; key < keyEnd; key++) {
          const float probability = probabilities[key];
          if (probability == 0.0f) continue;
          const float* valueRow = v + keyBase + key * headDim;
          const float gradScore = probability * (dot(gradRow, valueRow, headDim) - shift) * args.scale;
          addScaled(gradQueryRow, gradScore, k + keyBase + key * headDim, headDim);
          addScaled(gradK + keyBase + key * headDim, gradScore, queryRow, headDim);
          addScaled(gradV + keyBase + key * headDim, probability, gradRow, headDim);
        }
      }
    }
  });
}

}  // namespace clearbench
