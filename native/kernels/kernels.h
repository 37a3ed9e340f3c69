// Kernel entry points on raw float32 buffers. Arguments are checked by the binding (native/addon.cc)
// before any kernel runs: kernels trust sizes and index ranges. Backward kernels accumulate (+=).
#pragma once

#include <cstdint>

namespace clearbench {

// --- gemm.cc: C_b = alpha op(A_b) op(B_b) + beta C_b (see GemmParams in src/engine/backend.ts).
struct GemmArgs {
  const float* a; const float* b; float* c;
  int64_t batch, m, n, k;
  bool transA, transB;
  int64_t strideA, strideB, strideC;
  float alpha, beta;
};
enum class GemmPath { OpenBlas, Builtin };
bool openBlasAvailable();
void setGemmPath(GemmPath path);
GemmPath gemmPath();
void setThreadCount(int threads);
void gemm(const GemmArgs& args);
// The built-in path for one matrix on the calling thread only (attention uses it inside its own threads).
void gemmSingleThreaded(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k, bool transA,
                        bool transB, float alpha, float beta);
// The same on explicit leading dimensions: rows of A, B and C lie lda, ldb and ldc floats apart as stored.
void gemmSingleThreadedStrided(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
                               int64_t m, int64_t n, int64_t k, bool transA, bool transB, float alpha, float beta);
const char* gemmKernelName();
// 'avx512' or 'avx2' for the built-in path's micro-kernel, so tests cover both; false if unsupported.
bool setGemmKernel(const char* name);

// --- elementwise.cc
enum class BinaryOp : int { Add = 0, Sub = 1, Mul = 2, Div = 3 };
enum class UnaryOp : int {
  Neg = 0, Exp, Log, Sqrt, Tanh, Sigmoid, Gelu, Relu, Abs, Square, Pow, Scale, AddScalar
};
// Shapes share one rank (already checked to broadcast).
void binary(BinaryOp op, const float* a, const int64_t* aShape, const float* b, const int64_t* bShape, float* out,
            const int64_t* outShape, int rank);
void sumToShape(const float* gradOut, const int64_t* outShape, float* gradIn, const int64_t* inShape, int rank);
void unary(UnaryOp op, const float* x, float* out, int64_t count, float scalar);
void unaryBackward(UnaryOp op, const float* x, const float* y, const float* gradY, float* gradX, int64_t count,
                   float scalar);

// --- reduce.cc: x (outer, size, inner) -> (outer, inner).
void reduceSum(const float* x, int64_t outer, int64_t size, int64_t inner, float* out);
void reduceMax(const float* x, int64_t outer, int64_t size, int64_t inner, float* out, int32_t* argmax);
void reduceSumBackward(const float* gradOut, int64_t outer, int64_t size, int64_t inner, float* gradX);
void reduceMaxBackward(const float* gradOut, int64_t outer, int64_t size, int64_t inner, float* gradX,
                       const int32_t* argmax);

// --- softmax.cc: along the last axis of (rows, cols).
void softmax(const float* x, int64_t rows, int64_t cols, float* out);
void softmaxBackward(const float* y, const float* gradY, int64_t rows, int64_t cols, float* gradX);
void logSoftmax(const float* x, int64_t rows, int64_t cols, float* out);
void logSoftmaxBackward(const float* y, const float* gradY, int64_t rows, int64_t cols, float* gradX);
// log(sum(exp(row))) of one row; -inf for an empty or all -inf row.
float rowLogSumExp(const float* row, int64_t cols);

// --- norm.cc
void layerNorm(const float* x, const float* weight, const float* bias, int64_t rows, int64_t cols, float eps, float* out,
               float* mean, float* rstd);
void layerNormBackward(const float* x, const float* weight, const float* mean, const float* rstd, const float* gradOut,
                       int64_t rows, int64_t cols, float* gradX, float* gradWeight, float* gradBias);
void rmsNorm(const float* x, const float* weight, int64_t rows, int64_t cols, float eps, float* out, float* rstd);
void rmsNormBackward(const float* x, const float* weight, const float* rstd, const float* gradOut, int64_t rows,
                     int64_t cols, float* gradX, float* gradWeight);

// --- embedding.cc
void embedding(const float* table, const int32_t* ids, int64_t count, int64_t dim, float* out);
void embeddingBackward(const float* gradOut, const int32_t* ids, int64_t count, int64_t dim, float* gradTable);

// --- cross-entropy.cc
void crossEntropy(const float* logits, const int32_t* targets, int64_t rows, int64_t vocab, int32_t ignoreIndex,
                  float* losses, float* logSumExp);
void crossEntropyBackward(const float* logits, const int32_t* targets, const float* logSumExp, const float* gradLosses,
                          int64_t rows, int64_t vocab, int32_t ignoreIndex, float* gradLogits);

// --- attention.cc: q, out (batch, queryLength, heads, headDim); k, v (batch, keyLength, heads, headDim);
// logSumExp (batch, heads, queryLength).
struct AttentionArgs {
  int64_t batch, heads, queryLength, keyLength, headDim;
  bool causal;
  float scale;
  const int32_t* keyMask;  // (batch, keyLength) or null
};
void attention(const AttentionArgs& args, const float* q, const float* k, const float* v, float* out, float* logSumExp);
void attentionBackward(const AttentionArgs& args, const float* q, const float* k, const float* v, const float* out,
                       const float* logSumExp, const float* gradOut, float* gradQ, float* gradK, float* gradV);

// --- layout.cc
void permute(const float* x, const int64_t* shape, const int64_t* perm, int rank, float* out);
void slice(const float* x, int64_t outer, int64_t size, int64_t inner, int64_t start, int64_t length, float* out);
void sliceBackward(const float* gradOut, int64_t outer, int64_t size, int64_t inner, int64_t start, int64_t length,
                   float* gradX);
void patchify(const float* images, int64_t batch, int64_t channels, int64_t height, int64_t width, int64_t patch,
              float* out);
void patchifyBackward(const float* gradOut, int64_t batch, int64_t channels, int64_t height, int64_t width,
                      int64_t patch, float* gradImages);

// --- dropout.cc: key is derived from the seed by dropoutKey in src/engine/backends/js/dropout.ts.
void dropout(const float* x, int64_t count, double p, uint32_t key, float* out, float* mask);

// --- optim.cc
void adamw(float* param, const float* grad, float* m, float* v, int64_t count, double step, double lr, double beta1,
           double beta2, double eps, double weightDecay);
void sgd(float* param, const float* grad, float* momentumBuffer, int64_t count, bool firstStep, double lr,
         double momentum, double weightDecay);
void axpy(float alpha, const float* src, float* dst, int64_t count);
double sumOfSquares(const float* x, int64_t count);

}  // namespace clearbench
