// Sum and max over the middle axis of x (outer, size, inner). Each output is reduced by one thread in
// index order (threads split the (outer, inner) outputs), so results do not depend on the thread count.
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace clearbench {
namespace {

int64_t grainFor(int64_t size, int64_t inner) { return std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, size * inner)); }

}  // namespace

void reduceSum(const float* x, int64_t outer, int64_t size, int64_t inner, float* out) {
  parallelFor(outer, grainFor(size, inner), [&](int64_t begin, int64_t end) {
    std::vector<double> sums(inner);
    for (int64_t outerIndex = begin; outerIndex < end; outerIndex++) {
      std::fill(sums.begin(), sums.end(), 0.0);
      const float* block = x + outerIndex * size * inner;
      if (inner == 1) {
        double sum = 0.0;
#pragma omp simd reduction(+ : sum)
        for (int64_t position = 0; position < size; position++) sum += block[position];
        sums[0] = sum;
      } else {
        for (int64_t position = 0; position < size; position++) {
          const float* row = block + position * inner;
          for (int64_t innerIndex = 0; innerIndex < inner; innerIndex++) sums[innerIndex] += row[innerIndex];
        }
      }
      for (int64_t innerIndex = 0; innerIndex < inner; innerIndex++) {
        out[outerIndex * inner + innerIndex] = static_cast<float>(sums[innerIndex]);
      }
    }
  });
}

// The first index of the largest value wins; a NaN wins over everything (and the first NaN over later ones).
void reduceMax(const float* x, int64_t outer, int64_t size, int64_t inner, float* out, int32_t* argmax) {
  parallelFor(outer, grainFor(size, inner), [&](int64_t begin, int64_t end) {
    for (int64_t outerIndex = begin; outerIndex < end; outerIndex++) {
      const float* block = x + outerIndex * size * inner;
      for (int64_t innerIndex = 0; innerIndex < inner; innerIndex++) {
        float best = block[innerIndex];
        int32_t bestPosition = 0;
        for (int64_t position = 1; position < size && !std::isnan(best); position++) {
          const float value = block[position * inner + innerIndex];
          if (value > best || std::isnan(value)) {
            best = value;
            bestPosition = static_cast<int32_t>(position);
          }
        }
        out[outerIndex * inner + innerIndex] = best;
        if (argmax != nullptr) argmax[outerIndex * inner + innerIndex] = bestPosition;
      }
    }
  });
}

void reduceSumBackward(const float* gradOut, int64_t outer, int64_t size, int64_t inner, float* gradX) {
  parallelFor(outer * size, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, inner)), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* source = gradOut + (row / size) * inner;
      float* target = gradX + row * inner;
      for (int64_t innerIndex = 0; innerIndex < inner; innerIndex++) target[innerIndex] += source[innerIndex];
    }
  });
}

void reduceMaxBackward(const float* gradOut, int64_t outer, int64_t size, int64_t inner, float* gradX,
                       const int32_t* argmax) {
  parallelFor(outer, grainFor(1, inner), [&](int64_t begin, int64_t end) {
    for (int64_t outerIndex = begin; outerIndex < end; outerIndex++) {
      for (int64_t innerIndex = 0; innerIndex < inner; innerIndex++) {
        const int64_t index = outerIndex * inner + innerIndex;
        gradX[(outerIndex * size + argmax[index]) * inner + innerIndex] += gradOut[index];
      }
    }
  });
}

}  // namespace clearbench
