// Optimiser steps and the reductions the trainer needs, elementwise over a parameter buffer.
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace clearbench {

void adamw(float* param, const float* grad, float* m, float* v, int64_t count, double step, double lr, double beta1,
           double beta2, double eps, double weightDecay) {
  const float firstDecay = static_cast<float>(beta1);
  const float secondDecay = static_cast<float>(beta2);
  const float firstCorrection = static_cast<float>(1.0 / (1.0 - std::pow(beta1, step)));
  const float secondCorrection = static_cast<float>(1.0 / (1.0 - std::pow(beta2, step)));
  const float learningRate = static_cast<float>(lr);
  const float epsilon = static_cast<float>(eps);
  const float decay = static_cast<float>(weightDecay);
  parallelFor(count, 1 << 14, [&](int64_t begin, int64_t end) {
    for (int64_t index = begin; index < end; index++) {
      const float gradient = grad[index];
      const float first = firstDecay * m[index] + (1.0f - firstDecay) * gradient;
      const float second = secondDecay * v[index] + (1.0f - secondDecay) * gradient * gradient;
      m[index] = first;
      v[index] = second;
      const float update = first * firstCorrection / (std::sqrt(second * secondCorrection) + epsilon);
      param[index] -= learningRate * (update + decay * param[index]);
    }
  });
}

void sgd(float* param, const float* grad, float* momentumBuffer, int64_t count, bool firstStep, double lr,
         double momentum, double weightDecay) {
  const float learningRate = static_cast<float>(lr);
  const float momentumFactor = static_cast<float>(momentum);
  const float decay = static_cast<float>(weightDecay);
  parallelFor(count, 1 << 14, [&](int64_t begin, int64_t end) {
    for (int64_t index = begin; index < end; index++) {
      const float gradient = grad[index] + decay * param[index];
      const float buffered = firstStep ? gradient : momentumFactor * momentumBuffer[index] + gradient;
      momentumBuffer[index] = buffered;
      param[index] -= learningRate * buffered;
    }
  });
}

void axpy(float alpha, const float* src, float* dst, int64_t count) {
  parallelFor(count, 1 << 15, [&](int64_t begin, int64_t end) {
    for (int64_t index = begin; index < end; index++) dst[index] += alpha * src[index];
  });
}

// Fixed 8192-element chunks are summed in parallel and then added in chunk order, so the float64 result
// is the same for any thread count.
double sumOfSquares(const float* x, int64_t count) {
  constexpr int64_t kChunk = 8192;
  const int64_t chunks = (count + kChunk - 1) / kChunk;
  std::vector<double> partial(chunks, 0.0);
  parallelFor(chunks, 8, [&](int64_t begin, int64_t end) {
    for (int64_t chunk = begin; chunk < end; chunk++) {
      const float* values = x + chunk * kChunk;
      const int64_t length = std::min(kChunk, count - chunk * kChunk);
      double sum = 0.0;
#pragma omp simd reduction(+ : sum)
      for (int64_t index = 0; index < length; index++) sum += static_cast<double>(values[index]) * values[index];
      partial[chunk] = sum;
    }
  });
  double total = 0.0;
  for (double value : partial) total += value;
  return total;
}

}  // namespace clearbench
