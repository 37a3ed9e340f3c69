// Softmax and log-softmax along the last axis, one row per thread step, with the eight-lane exp.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels.h"
#include "parallel.h"
#include "vector-math.h"

namespace clearbench {
namespace {

int64_t rowGrain(int64_t cols) { return std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, cols)); }

float rowMax(const float* row, int64_t cols) {
  float max = -std::numeric_limits<float>::infinity();
  for (int64_t col = 0; col < cols; col++) max = std::max(max, row[col]);
  return max;
}

// sum(exp(row - shift)), writing the exponentials to `out` when it is not null.
double sumExp(const float* row, int64_t cols, float shift, float* out) {
  const __m256 shiftVector = _mm256_set1_ps(shift);
  __m256 sum = _mm256_setzero_ps();
  int64_t col = 0;
  for (; col + 8 <= cols; col += 8) {
    const __m256 value = exp8(_mm256_sub_ps(_mm256_loadu_ps(row + col), shiftVector));
    if (out != nullptr) _mm256_storeu_ps(out + col, value);
    sum = _mm256_add_ps(sum, value);
  }
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  double total = 0.0;
  for (float lane : lanes) total += lane;
  if (col < cols) {
    alignas(32) float tail[8];
    map8(row + col, tail, cols - col, [&](__m256 value) { return exp8(_mm256_sub_ps(value, shiftVector)); });
    for (int64_t lane = 0; col + lane < cols; lane++) {
      total += tail[lane];
      if (out != nullptr) out[col + lane] = tail[lane];
    }
  }
  return total;
}

}  // namespace

float rowLogSumExp(const float* row, int64_t cols) {
  const float max = rowMax(row, cols);
  if (max == -std::numeric_limits<float>::infinity()) return max;
  return max + static_cast<float>(std::log(sumExp(row, cols, max, nullptr)));
}

void softmax(const float* x, int64_t rows, int64_t cols, float* out) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* input = x + row * cols;
      float* output = out + row * cols;
      const float max = rowMax(input, cols);
      const float inverse = static_cast<float>(1.0 / sumExp(input, cols, max, output));
      for (int64_t col = 0; col < cols; col++) output[col] *= inverse;
    }
  });
}

void softmaxBackward(const float* y, const float* gradY, int64_t rows, int64_t cols, float* gradX) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* probabilities = y + row * cols;
      const float* grad = gradY + row * cols;
      float* target = gradX + row * cols;
      double dot = 0.0;
#pragma omp simd reduction(+ : dot)
      for (int64_t col = 0; col < cols; col++) dot += grad[col] * probabilities[col];
      const float shift = static_cast<float>(dot);
      for (int64_t col = 0; col < cols; col++) target[col] += probabilities[col] * (grad[col] - shift);
    }
  });
}

void logSoftmax(const float* x, int64_t rows, int64_t cols, float* out) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* input = x + row * cols;
      const float logSumExp = rowLogSumExp(input, cols);
      for (int64_t col = 0; col < cols; col++) out[row * cols + col] = input[col] - logSumExp;
    }
  });
}

void logSoftmaxBackward(const float* y, const float* gradY, int64_t rows, int64_t cols, float* gradX) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* grad = gradY + row * cols;
      double sum = 0.0;
#pragma omp simd reduction(+ : sum)
      for (int64_t col = 0; col < cols; col++) sum += grad[col];
      const __m256 sumVector = _mm256_set1_ps(static_cast<float>(sum));
      const float* logProbabilities = y + row * cols;
      float* target = gradX + row * cols;
      int64_t col = 0;
      for (; col + 8 <= cols; col += 8) {
        const __m256 update = _mm256_fnmadd_ps(exp8(_mm256_loadu_ps(logProbabilities + col)), sumVector,
                                               _mm256_loadu_ps(grad + col));
        _mm256_storeu_ps(target + col, _mm256_add_ps(_mm256_loadu_ps(target + col), update));
      }
      if (col < cols) {
        alignas(32) float probabilities[8];
        map8(logProbabilities + col, probabilities, cols - col, exp8);
        for (int64_t lane = 0; col + lane < cols; lane++) {
          target[col + lane] += grad[col + lane] - probabilities[lane] * static_cast<float>(sum);
        }
      }
    }
  });
}

}  // namespace clearbench
