// Layer and RMS normalisation over the last axis of (rows, cols). Backward runs in two passes: rows in
// parallel for gradX, then columns in parallel for the parameter gradients, each column summed over all
// rows in order by one thread (float64), so nothing races and nothing depends on the thread count.
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace clearbench {
namespace {

int64_t rowGrain(int64_t cols) { return std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, cols)); }

// Column sums over all rows of gradOut * normalized (into gradWeight) and gradOut (into gradBias).
template <class Normalized>
void parameterGradients(const float* gradOut, int64_t rows, int64_t cols, float* gradWeight, float* gradBias,
                        Normalized normalized) {
  if (gradWeight == nullptr && gradBias == nullptr) return;
  parallelFor(cols, std::max<int64_t>(16, (1 << 14) / std::max<int64_t>(1, rows)), [&](int64_t begin, int64_t end) {
    const int64_t width = end - begin;
    std::vector<double> weightSums(width, 0.0);
    std::vector<double> biasSums(width, 0.0);
    for (int64_t row = 0; row < rows; row++) {
      const float* grad = gradOut + row * cols + begin;
      for (int64_t col = 0; col < width; col++) {
        weightSums[col] += grad[col] * normalized(row, begin + col);
        biasSums[col] += grad[col];
      }
    }
    for (int64_t col = 0; col < width; col++) {
      if (gradWeight != nullptr) gradWeight[begin + col] += static_cast<float>(weightSums[col]);
      if (gradBias != nullptr) gradBias[begin + col] += static_cast<float>(biasSums[col]);
    }
  });
}

}  // namespace

void layerNorm(const float* x, const float* weight, const float* bias, int64_t rows, int64_t cols, float eps, float* out,
               float* mean, float* rstd) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* input = x + row * cols;
      double sum = 0.0;
#pragma omp simd reduction(+ : sum)
      for (int64_t col = 0; col < cols; col++) sum += input[col];
      const float rowMean = static_cast<float>(sum / cols);
      double squares = 0.0;
#pragma omp simd reduction(+ : squares)
      for (int64_t col = 0; col < cols; col++) squares += (input[col] - rowMean) * (input[col] - rowMean);
      const float rowRstd = static_cast<float>(1.0 / std::sqrt(squares / cols + eps));
      float* output = out + row * cols;
      for (int64_t col = 0; col < cols; col++) {
        output[col] = (input[col] - rowMean) * rowRstd * weight[col] + (bias != nullptr ? bias[col] : 0.0f);
      }
      mean[row] = rowMean;
      rstd[row] = rowRstd;
    }
  });
}

void layerNormBackward(const float* x, const float* weight, const float* mean, const float* rstd, const float* gradOut,
                       int64_t rows, int64_t cols, float* gradX, float* gradWeight, float* gradBias) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* input = x + row * cols;
      const float* grad = gradOut + row * cols;
      const float rowMean = mean[row];
      const float rowRstd = rstd[row];
      double gradSum = 0.0;
      double gradDot = 0.0;
#pragma omp simd reduction(+ : gradSum, gradDot)
      for (int64_t col = 0; col < cols; col++) {
        const float gradNormalized = grad[col] * weight[col];
        gradSum += gradNormalized;
        gradDot += gradNormalized * ((input[col] - rowMean) * rowRstd);
      }
      const float gradMean = static_cast<float>(gradSum / cols);
      const float gradDotMean = static_cast<float>(gradDot / cols);
      float* target = gradX + row * cols;
      for (int64_t col = 0; col < cols; col++) {
        const float normalized = (input[col] - rowMean) * rowRstd;
        target[col] += rowRstd * (grad[col] * weight[col] - gradMean - normalized * gradDotMean);
      }
    }
  });
  parameterGradients(gradOut, rows, cols, gradWeight, gradBias,
                     [&](int64_t row, int64_t col) { return (x[row * cols + col] - mean[row]) * rstd[row]; });
}

void rmsNorm(const float* x, const float* weight, int64_t rows, int64_t cols, float eps, float* out, float* rstd) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* input = x + row * cols;
      double squares = 0.0;
#pragma omp simd reduction(+ : squares)
      for (int64_t col = 0; col < cols; col++) squares += input[col] * input[col];
      const float rowRstd = static_cast<float>(1.0 / std::sqrt(squares / cols + eps));
      for (int64_t col = 0; col < cols; col++) out[row * cols + col] = input[col] * rowRstd * weight[col];
      rstd[row] = rowRstd;
    }
  });
}

void rmsNormBackward(const float* x, const float* weight, const float* rstd, const float* gradOut, int64_t rows,
                     int64_t cols, float* gradX, float* gradWeight) {
  parallelFor(rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* input = x + row * cols;
      const float* grad = gradOut + row * cols;
      const float rowRstd = rstd[row];
      double gradDot = 0.0;
#pragma omp simd reduction(+ : gradDot)
      for (int64_t col = 0; col < cols; col++) gradDot += grad[col] * weight[col] * (input[col] * rowRstd);
      const float gradDotMean = static_cast<float>(gradDot / cols);
      float* target = gradX + row * cols;
      for (int64_t col = 0; col < cols; col++) {
        target[col] += rowRstd * (grad[col] * weight[col] - input[col] * rowRstd * gradDotMean);
      }
    }
  });
  parameterGradients(gradOut, rows, cols, gradWeight, nullptr,
                     [&](int64_t row, int64_t col) { return x[row * cols + col] * rstd[row]; });
}

}  // namespace clearbench
