// Embedding lookup and its scatter-add. Backward gives each thread a band of the embedding dimension and
// walks every id in order, so repeated ids never race and the sum order is fixed.
#include <algorithm>
#include <cstring>

#include "kernels.h"
#include "parallel.h"

namespace clearbench {

void embedding(const float* table, const int32_t* ids, int64_t count, int64_t dim, float* out) {
  parallelFor(count, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, dim)), [&](int64_t begin, int64_t end) {
    for (int64_t position = begin; position < end; position++) {
      std::memcpy(out + position * dim, table + static_cast<int64_t>(ids[position]) * dim, sizeof(float) * dim);
    }
  });
}

void embeddingBackward(const float* gradOut, const int32_t* ids, int64_t count, int64_t dim, float* gradTable) {
  parallelFor(dim, std::max<int64_t>(16, (1 << 14) / std::max<int64_t>(1, count)), [&](int64_t begin, int64_t end) {
    for (int64_t position = 0; position < count; position++) {
      const float* source = gradOut + position * dim;
      float* target = gradTable + static_cast<int64_t>(ids[position]) * dim;
      for (int64_t col = begin; col < end; col++) target[col] += source[col];
    }
  });
}

}  // namespace clearbench
