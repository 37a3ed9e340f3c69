// Data movement: permute, slice along one axis, and image patchify (with their accumulating backwards).
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace clearbench {

// Output axes that read consecutive input axes merge into one, so (B, T, H, D) -> (B, H, T, D) becomes
// a copy of contiguous D-runs; each thread then fills a contiguous range of output rows.
void permute(const float* x, const int64_t* shape, const int64_t* perm, int rank, float* out) {
  std::vector<int64_t> inputStrides(rank, 1);
  for (int axis = rank - 2; axis >= 0; axis--) inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1];
  std::vector<int64_t> extents;
  std::vector<int64_t> strides;
  int64_t total = 1;
  for (int axis = 0; axis < rank; axis++) {
    const int64_t extent = shape[perm[axis]];
    const int64_t stride = inputStrides[perm[axis]];
    total *= extent;
    if (extent == 1) continue;
    if (!extents.empty() && strides.back() == stride * extent) {
      extents.back() *= extent;
      strides.back() = stride;
    } else {
      extents.push_back(extent);
      strides.push_back(stride);
    }
  }
  if (total == 0) return;
  if (extents.empty()) {
    out[0] = x[0];
    return;
  }
  const int64_t inner = extents.back();
  const int64_t innerStride = strides.back();
  const int64_t rows = total / inner;
  const int outerAxes = static_cast<int>(extents.size()) - 1;
  parallelFor(rows, std::max<int64_t>(1, (1 << 14) / inner), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      int64_t offset = 0;
      int64_t remainder = row;
      for (int axis = outerAxes - 1; axis >= 0; axis--) {
        offset += (remainder % extents[axis]) * strides[axis];
        remainder /= extents[axis];
      }
      float* target = out + row * inner;
      const float* source = x + offset;
      if (innerStride == 1) {
        std::memcpy(target, source, sizeof(float) * inner);
      } else {
        for (int64_t index = 0; index < inner; index++) target[index] = source[index * innerStride];
      }
    }
  });
}

void slice(const float* x, int64_t outer, int64_t size, int64_t inner, int64_t start, int64_t length, float* out) {
  const int64_t run = length * inner;
  parallelFor(outer, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, run)), [&](int64_t begin, int64_t end) {
    for (int64_t index = begin; index < end; index++) {
      std::memcpy(out + index * run, x + (index * size + start) * inner, sizeof(float) * run);
    }
  });
}

void sliceBackward(const float* gradOut, int64_t outer, int64_t size, int64_t inner, int64_t start, int64_t length,
                   float* gradX) {
  const int64_t run = length * inner;
  parallelFor(outer, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, run)), [&](int64_t begin, int64_t end) {
    for (int64_t index = begin; index < end; index++) {
      const float* source = gradOut + index * run;
      float* target = gradX + (index * size + start) * inner;
      for (int64_t offset = 0; offset < run; offset++) target[offset] += source[offset];
    }
  });
}

namespace {

// Visits every patch row: copy(imageRow, patchRow, patch) for images (B, C, H, W) against patches
// (B, (H/p)(W/p), C p p). One thread step is one band of patches (an image and a patch row), which owns
// its pixels, so the accumulating backward never races.
template <class Copy>
void forEachPatchRow(int64_t batch, int64_t channels, int64_t height, int64_t width, int64_t patch, Copy copy) {
  const int64_t bandsPerImage = height / patch;
  const int64_t across = width / patch;
  const int64_t patchSize = channels * patch * patch;
  parallelFor(batch * bandsPerImage, 1, [&](int64_t begin, int64_t end) {
    for (int64_t band = begin; band < end; band++) {
      const int64_t image = band / bandsPerImage;
      const int64_t bandRow = band % bandsPerImage;
      for (int64_t column = 0; column < across; column++) {
        const int64_t patchIndex = (image * bandsPerImage + bandRow) * across + column;
        for (int64_t channel = 0; channel < channels; channel++) {
          for (int64_t row = 0; row < patch; row++) {
            const int64_t imageOffset = ((image * channels + channel) * height + bandRow * patch + row) * width + column * patch;
            const int64_t patchOffset = patchIndex * patchSize + (channel * patch + row) * patch;
            copy(imageOffset, patchOffset);
          }
        }
      }
    }
  });
}

}  // namespace

void patchify(const float* images, int64_t batch, int64_t channels, int64_t height, int64_t width, int64_t patch,
              float* out) {
  forEachPatchRow(batch, channels, height, width, patch, [&](int64_t imageOffset, int64_t patchOffset) {
    std::memcpy(out + patchOffset, images + imageOffset, sizeof(float) * patch);
  });
}

void patchifyBackward(const float* gradOut, int64_t batch, int64_t channels, int64_t height, int64_t width,
                      int64_t patch, float* gradImages) {
  forEachPatchRow(batch, channels, height, width, patch, [&](int64_t imageOffset, int64_t patchOffset) {
    for (int64_t index = 0; index < patch; index++) gradImages[imageOffset + index] += gradOut[patchOffset + index];
  });
}

}  // namespace clearbench
