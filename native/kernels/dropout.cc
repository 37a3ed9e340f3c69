// Inverted dropout from a counter-based hash of (key, index): the mask is a pure function of the seed and
// the position, identical on any thread split and bit-identical to the reference backend
// (src/engine/backends/js/dropout.ts, whose mix32 this mirrors exactly; the key comes from its dropoutKey).
#include <cmath>

#include "kernels.h"
#include "parallel.h"

namespace clearbench {
namespace {

// lowbias32 (xorshift-multiply finaliser from Wellons's hash-prospector).
inline uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

}  // namespace

void dropout(const float* x, int64_t count, double p, uint32_t key, float* out, float* mask) {
  // Keep iff bits * 2^-32 >= p, i.e. bits >= ceil(p * 2^32): the same decision as the reference's
  // floating-point comparison, made exactly in integers.
  const uint64_t threshold = static_cast<uint64_t>(std::ceil(p * 4294967296.0));
  const float keptScale = p < 1.0 ? static_cast<float>(1.0 / (1.0 - p)) : 0.0f;
  parallelFor(count, 1 << 15, [&](int64_t begin, int64_t end) {
    for (int64_t index = begin; index < end; index++) {
      const uint32_t bits = mix32(mix32(static_cast<uint32_t>(index) + key) ^ key);
      const float maskValue = bits >= threshold ? keptScale : 0.0f;
      mask[index] = maskValue;
      out[index] = x[index] * maskValue;
    }
  });
}

}  // namespace clearbench
