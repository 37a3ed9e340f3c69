// Binary operations with numpy broadcasting, and their reduction back to an operand's shape.
#include <algorithm>
#include <vector>

#include "broadcast.h"
#include "kernels.h"
#include "parallel.h"

namespace clearbench {
namespace {

template <BinaryOp Op>
inline float apply(float left, float right) {
  if constexpr (Op == BinaryOp::Add) return left + right;
  if constexpr (Op == BinaryOp::Sub) return left - right;
  if constexpr (Op == BinaryOp::Mul) return left * right;
  return left / right;
}

// One run along the last collapsed axis; strides of 1 and 0 get their own loops so they vectorise.
template <BinaryOp Op>
void binaryRun(const float* a, int64_t strideA, const float* b, int64_t strideB, float* out, int64_t count) {
  if (strideA == 1 && strideB == 1) {
    for (int64_t index = 0; index < count; index++) out[index] = apply<Op>(a[index], b[index]);
  } else if (strideA == 1 && strideB == 0) {
    const float right = b[0];
    for (int64_t index = 0; index < count; index++) out[index] = apply<Op>(a[index], right);
  } else if (strideA == 0 && strideB == 1) {
    const float left = a[0];
    for (int64_t index = 0; index < count; index++) out[index] = apply<Op>(left, b[index]);
  } else {
    for (int64_t index = 0; index < count; index++) out[index] = apply<Op>(a[index * strideA], b[index * strideB]);
  }
}

template <BinaryOp Op>
void binaryTyped(const float* a, const int64_t* aShape, const float* b, const int64_t* bShape, float* out,
                 const int64_t* outShape, int rank) {
  for (int axis = 0; axis < rank; axis++) {
    if (outShape[axis] == 0) return;
  }
  const CollapsedLayout layout = collapseBroadcast(outShape, rank, {aShape, bShape});
  const int64_t inner = layout.shape.back();
  const int64_t strideA = layout.strides[0].back();
  const int64_t strideB = layout.strides[1].back();
  int64_t rows = 1;
  for (size_t axis = 0; axis + 1 < layout.shape.size(); axis++) rows *= layout.shape[axis];
  if (rows == 1) {
    // One flat run: split it directly.
    parallelFor(inner, 1 << 15, [&](int64_t begin, int64_t end) {
      binaryRun<Op>(a + begin * strideA, strideA, b + begin * strideB, strideB, out + begin, end - begin);
    });
    return;
  }
  parallelFor(rows, std::max<int64_t>(1, (1 << 15) / inner), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      int64_t offsets[2];
      outerOffsets(layout, row, offsets);
      binaryRun<Op>(a + offsets[0], strideA, b + offsets[1], strideB, out + row * inner, inner);
    }
  });
}

}  // namespace

void binary(BinaryOp op, const float* a, const int64_t* aShape, const float* b, const int64_t* bShape, float* out,
            const int64_t* outShape, int rank) {
  switch (op) {
    case BinaryOp::Add: return binaryTyped<BinaryOp::Add>(a, aShape, b, bShape, out, outShape, rank);
    case BinaryOp::Sub: return binaryTyped<BinaryOp::Sub>(a, aShape, b, bShape, out, outShape, rank);
    case BinaryOp::Mul: return binaryTyped<BinaryOp::Mul>(a, aShape, b, bShape, out, outShape, rank);
    case BinaryOp::Div: return binaryTyped<BinaryOp::Div>(a, aShape, b, bShape, out, outShape, rank);
  }
}

// gradIn += gradOut summed over the axes gradIn broadcasts along. Sums are taken in float64, and each
// element of gradIn is summed by one thread in index order, so the result is independent of threads.
void sumToShape(const float* gradOut, const int64_t* outShape, float* gradIn, const int64_t* inShape, int rank) {
  for (int axis = 0; axis < rank; axis++) {
    if (outShape[axis] == 0) return;
  }
  const CollapsedLayout layout = collapseBroadcast(outShape, rank, {outShape, inShape});
  const std::vector<int64_t>& shape = layout.shape;
  const std::vector<int64_t>& inStrides = layout.strides[1];
  if (shape.size() == 1 && inStrides[0] != 0) {
    parallelFor(shape[0], 1 << 15, [&](int64_t begin, int64_t end) {
      for (int64_t index = begin; index < end; index++) gradIn[index] += gradOut[index];
    });
    return;
  }
  if (shape.size() == 2 && inStrides[0] == 0 && inStrides[1] == 1) {
    // (rows, cols) -> (1, cols): each thread owns a band of columns and walks all rows.
    const int64_t rows = shape[0];
    const int64_t cols = shape[1];
    parallelFor(cols, std::max<int64_t>(16, (1 << 15) / rows), [&](int64_t begin, int64_t end) {
      std::vector<double> sums(end - begin, 0.0);
      for (int64_t row = 0; row < rows; row++) {
        const float* source = gradOut + row * cols + begin;
        for (int64_t col = 0; col < end - begin; col++) sums[col] += source[col];
      }
      for (int64_t col = begin; col < end; col++) gradIn[col] += static_cast<float>(sums[col - begin]);
    });
    return;
  }
  if (shape.size() <= 2 && inStrides.back() == 0) {
    // (rows, cols) -> (rows, 1), or everything -> one element.
    const int64_t rows = shape.size() == 2 ? shape[0] : 1;
    const int64_t cols = shape.back();
    parallelFor(rows, std::max<int64_t>(1, (1 << 15) / cols), [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; row++) {
        double sum = 0.0;
        const float* source = gradOut + row * cols;
#pragma omp simd reduction(+ : sum)
        for (int64_t col = 0; col < cols; col++) sum += source[col];
        gradIn[row] += static_cast<float>(sum);
      }
    });
    return;
  }
  // Anything else (three or more alternating axes): one thread, a float64 sum per element of gradIn.
  int64_t inSize = 1;
  for (int axis = 0; axis < rank; axis++) inSize *= inShape[axis];
  std::vector<double> sums(inSize, 0.0);
  const int axes = static_cast<int>(shape.size());
  std::vector<int64_t> counter(axes, 0);
  int64_t total = 1;
  for (int64_t extent : shape) total *= extent;
  int64_t inOffset = 0;
  for (int64_t outIndex = 0; outIndex < total; outIndex++) {
    sums[inOffset] += gradOut[outIndex];
    for (int axis = axes - 1; axis >= 0; axis--) {
      inOffset += inStrides[axis];
      if (++counter[axis] < shape[axis]) break;
      inOffset -= inStrides[axis] * shape[axis];
      counter[axis] = 0;
    }
  }
  for (int64_t index = 0; index < inSize; index++) gradIn[index] += static_cast<float>(sums[index]);
}

}  // namespace clearbench
