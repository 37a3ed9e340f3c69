// Elementwise unary functions and their derivatives. exp, tanh, sigmoid and GELU go through the
// eight-lane vector-math routines (GELU through the sixteen-lane ones where the CPU has AVX-512); the rest
// are loops the compiler vectorises, or libm (log, pow).
#include <cmath>

#include "kernels.h"
#include "parallel.h"
#include "vector-math-avx512.h"
#include "vector-math.h"

namespace clearbench {
namespace {

constexpr int64_t kGrain = 1 << 14;

inline __m256 sigmoid8(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  return _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

// d/dx [x Phi(x)] = Phi(x) + x phi(x), phi the standard normal density.
inline __m256 geluDerivative8(__m256 x) {
  const __m256 density = _mm256_mul_ps(_mm256_set1_ps(0.3989422804014327f),
                                       exp8(_mm256_mul_ps(_mm256_set1_ps(-0.5f), _mm256_mul_ps(x, x))));
  return _mm256_fmadd_ps(x, density, normalCdf8(x));
}

void unaryRange(UnaryOp op, const float* x, float* out, int64_t count, float scalar) {
  switch (op) {
    case UnaryOp::Neg: for (int64_t i = 0; i < count; i++) out[i] = -x[i]; return;
    case UnaryOp::Exp: return map8(x, out, count, exp8);
    case UnaryOp::Log: for (int64_t i = 0; i < count; i++) out[i] = std::log(x[i]); return;
    case UnaryOp::Sqrt: for (int64_t i = 0; i < count; i++) out[i] = std::sqrt(x[i]); return;
    case UnaryOp::Tanh: return map8(x, out, count, tanh8);
    case UnaryOp::Sigmoid: return map8(x, out, count, sigmoid8);
    case UnaryOp::Gelu:
      if (avx512Available()) return gelu16(x, out, count);
      return map8(x, out, count, [](__m256 value) { return _mm256_mul_ps(value, normalCdf8(value)); });
    case UnaryOp::Relu: for (int64_t i = 0; i < count; i++) out[i] = x[i] > 0.0f ? x[i] : 0.0f; return;
    case UnaryOp::Abs: for (int64_t i = 0; i < count; i++) out[i] = std::fabs(x[i]); return;
    case UnaryOp::Square: for (int64_t i = 0; i < count; i++) out[i] = x[i] * x[i]; return;
    case UnaryOp::Pow: for (int64_t i = 0; i < count; i++) out[i] = std::pow(x[i], scalar); return;
    case UnaryOp::Scale: for (int64_t i = 0; i < count; i++) out[i] = x[i] * scalar; return;
    case UnaryOp::AddScalar: for (int64_t i = 0; i < count; i++) out[i] = x[i] + scalar; return;
  }
}

// gradX += f'(x) gradY; abs and relu take the subgradient 0 at 0, as PyTorch.
void unaryBackwardRange(UnaryOp op, const float* x, const float* y, const float* gradY, float* gradX, int64_t count,
                        float scalar) {
  switch (op) {
    case UnaryOp::Neg: for (int64_t i = 0; i < count; i++) gradX[i] -= gradY[i]; return;
    case UnaryOp::Exp: for (int64_t i = 0; i < count; i++) gradX[i] += y[i] * gradY[i]; return;
    case UnaryOp::Log: for (int64_t i = 0; i < count; i++) gradX[i] += gradY[i] / x[i]; return;
    case UnaryOp::Sqrt: for (int64_t i = 0; i < count; i++) gradX[i] += 0.5f * gradY[i] / y[i]; return;
    case UnaryOp::Tanh: for (int64_t i = 0; i < count; i++) gradX[i] += (1.0f - y[i] * y[i]) * gradY[i]; return;
    case UnaryOp::Sigmoid: for (int64_t i = 0; i < count; i++) gradX[i] += y[i] * (1.0f - y[i]) * gradY[i]; return;
    case UnaryOp::Gelu: {
      if (avx512Available()) return geluBackward16(x, gradY, gradX, count);
      int64_t i = 0;
      for (; i + 8 <= count; i += 8) {
        const __m256 grad = _mm256_mul_ps(geluDerivative8(_mm256_loadu_ps(x + i)), _mm256_loadu_ps(gradY + i));
        _mm256_storeu_ps(gradX + i, _mm256_add_ps(_mm256_loadu_ps(gradX + i), grad));
      }
      if (i < count) {
        alignas(32) float derivative[8];
        map8(x + i, derivative, count - i, geluDerivative8);
        for (int64_t lane = 0; i + lane < count; lane++) gradX[i + lane] += derivative[lane] * gradY[i + lane];
      }
      return;
    }
    case UnaryOp::Relu: for (int64_t i = 0; i < count; i++) gradX[i] += x[i] > 0.0f ? gradY[i] : 0.0f; return;
    case UnaryOp::Abs:
      for (int64_t i = 0; i < count; i++) gradX[i] += x[i] > 0.0f ? gradY[i] : x[i] < 0.0f ? -gradY[i] : 0.0f;
      return;
    case UnaryOp::Square: for (int64_t i = 0; i < count; i++) gradX[i] += 2.0f * x[i] * gradY[i]; return;
    case UnaryOp::Pow:
      if (scalar == 0.0f) return;
      for (int64_t i = 0; i < count; i++) gradX[i] += scalar * std::pow(x[i], scalar - 1.0f) * gradY[i];
      return;
    case UnaryOp::Scale: for (int64_t i = 0; i < count; i++) gradX[i] += scalar * gradY[i]; return;
    case UnaryOp::AddScalar: for (int64_t i = 0; i < count; i++) gradX[i] += gradY[i]; return;
  }
}

}  // namespace

void unary(UnaryOp op, const float* x, float* out, int64_t count, float scalar) {
  parallelFor(count, kGrain, [&](int64_t begin, int64_t end) { unaryRange(op, x + begin, out + begin, end - begin, scalar); });
}

void unaryBackward(UnaryOp op, const float* x, const float* y, const float* gradY, float* gradX, int64_t count,
                   float scalar) {
  parallelFor(count, kGrain, [&](int64_t begin, int64_t end) {
    unaryBackwardRange(op, x + begin, y + begin, gradY + begin, gradX + begin, end - begin, scalar);
  });
}

}  // namespace clearbench
