// Fused log-softmax + negative log-likelihood over (rows, vocab), a row per thread step.
#include <algorithm>
#include <cmath>

#include "kernels.h"
#include "parallel.h"
#include "vector-math.h"

namespace clearbench {

void crossEntropy(const float* logits, const int32_t* targets, int64_t rows, int64_t vocab, int32_t ignoreIndex,
                  float* losses, float* logSumExp) {
  parallelFor(rows, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, vocab)), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* rowLogits = logits + row * vocab;
      const float rowLse = rowLogSumExp(rowLogits, vocab);
      logSumExp[row] = rowLse;
      losses[row] = targets[row] == ignoreIndex ? 0.0f : rowLse - rowLogits[targets[row]];
    }
  });
}

void crossEntropyBackward(const float* logits, const int32_t* targets, const float* logSumExp, const float* gradLosses,
                          int64_t rows, int64_t vocab, int32_t ignoreIndex, float* gradLogits) {
  parallelFor(rows, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, vocab)), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      if (targets[row] == ignoreIndex) continue;
      const float* rowLogits = logits + row * vocab;
      float* target = gradLogits + row * vocab;
      const float grad = gradLosses[row];
      const __m256 lse = _mm256_set1_ps(logSumExp[row]);
      const __m256 gradVector = _mm256_set1_ps(grad);
      int64_t col = 0;
      for (; col + 8 <= vocab; col += 8) {
        const __m256 probability = exp8(_mm256_sub_ps(_mm256_loadu_ps(rowLogits + col), lse));
        _mm256_storeu_ps(target + col, _mm256_fmadd_ps(probability, gradVector, _mm256_loadu_ps(target + col)));
      }
      if (col < vocab) {
        alignas(32) float probabilities[8];
        map8(rowLogits + col, probabilities, vocab - col, [&](__m256 value) { return exp8(_mm256_sub_ps(value, lse)); });
        for (int64_t lane = 0; col + lane < vocab; lane++) target[col + lane] += probabilities[lane] * grad;
      }
      target[targets[row]] -= grad;
    }
  });
}

}  // namespace clearbench
