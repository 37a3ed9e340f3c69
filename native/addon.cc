// The clearbench native addon: argument checking and dispatch to the kernels in native/kernels/.
// src/engine/backends/native.ts is its only caller; op codes match the enums in kernels/kernels.h.
#include <napi.h>

#include <string>

#include "arguments.h"
#include "bindings.h"
#include "kernels/kernels.h"
#include "kernels/parallel.h"

namespace clearbench {
namespace {

int64_t product(const std::vector<int64_t>& shape) {
  int64_t size = 1;
  for (int64_t extent : shape) size *= extent;
  return size;
}

Napi::Value SetGemmPath(const Napi::CallbackInfo& info) {
  const Arguments args(info, "setGemmPath");
  const std::string path = args.text(0, "path");
  if (path == "builtin") {
    setGemmPath(GemmPath::Builtin);
  } else if (path == "openblas") {
    args.require(openBlasAvailable(), "this build has no OpenBLAS (install libopenblas-dev and run npm install)");
    setGemmPath(GemmPath::OpenBlas);
  } else {
    args.fail("path must be 'openblas' or 'builtin', got '" + path + "'");
  }
  return info.Env().Undefined();
}

Napi::Value GemmPathName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), gemmPath() == GemmPath::OpenBlas ? "openblas" : "builtin");
}

Napi::Value OpenBlasAvailable(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), openBlasAvailable()); }

Napi::Value GemmKernel(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), gemmKernelName()); }

Napi::Value SetGemmKernel(const Napi::CallbackInfo& info) {
  const Arguments args(info, "setGemmKernel");
  const std::string name = args.text(0, "kernel");
  args.require(setGemmKernel(name.c_str()), "kernel must be 'avx512' or 'avx2' and run on this CPU, got '" + name + "'");
  return info.Env().Undefined();
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const Arguments args(info, "setThreads");
  const int64_t threads = args.count(0, "threads");
  args.require(threads >= 1 && threads <= 1024, "threads must be in [1, 1024]");
  setThreadCount(static_cast<int>(threads));
  return info.Env().Undefined();
}

Napi::Value Threads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), maxThreads()); }

// gemm(a, b, c, batch, m, n, k, transA, transB, strideA, strideB, strideC, offsetA, offsetB, offsetC, alpha, beta)
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  const Arguments args(info, "gemm");
  const int64_t batch = args.count(3, "batch"), m = args.count(4, "m"), n = args.count(5, "n"), k = args.count(6, "k");
  const int64_t strideA = args.count(9, "strideA"), strideB = args.count(10, "strideB"), strideC = args.count(11, "strideC");
  const int64_t offsetA = args.count(12, "offsetA"), offsetB = args.count(13, "offsetB"), offsetC = args.count(14, "offsetC");
  args.require(m < (int64_t{1} << 31) && n < (int64_t{1} << 31) && k < (int64_t{1} << 31), "dimensions must be below 2^31");
  const bool empty = batch == 0 || m == 0 || n == 0;
  const int64_t last = empty ? 0 : batch - 1;
  const bool readsInputs = !empty && k > 0;
  float* a = args.floats(0, readsInputs ? offsetA + last * strideA + m * k : 0, "a");
  float* b = args.floats(1, readsInputs ? offsetB + last * strideB + k * n : 0, "b");
  float* c = args.floats(2, empty ? 0 : offsetC + last * strideC + m * n, "c");
  if (empty) return info.Env().Undefined();
  gemm(GemmArgs{a + offsetA, b + offsetB, c + offsetC, batch, m, n, k, args.flag(7), args.flag(8), strideA, strideB,
                strideC, static_cast<float>(args.number(15, "alpha")), static_cast<float>(args.number(16, "beta"))});
  return info.Env().Undefined();
}

// Each operand shape has the output's rank and, per axis, its extent or 1.
void checkBroadcast(const Arguments& args, const std::vector<int64_t>& shape, const std::vector<int64_t>& outShape,
                    const char* name) {
  args.require(shape.size() == outShape.size(), std::string(name) + " rank differs from the output rank");
  for (size_t axis = 0; axis < shape.size(); axis++) {
    args.require(shape[axis] == outShape[axis] || shape[axis] == 1, std::string(name) + " does not broadcast to the output");
  }
}

// binary(op, a, aShape, b, bShape, out, outShape)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  const Arguments args(info, "binary");
  const int64_t op = args.count(0, "op");
  args.require(op <= 3, "unknown binary op");
  const std::vector<int64_t> aShape = args.shape(2, "aShape"), bShape = args.shape(4, "bShape");
  const std::vector<int64_t> outShape = args.shape(6, "outShape");
  checkBroadcast(args, aShape, outShape, "a");
  checkBroadcast(args, bShape, outShape, "b");
  const float* a = args.floats(1, product(aShape), "a");
  const float* b = args.floats(3, product(bShape), "b");
  float* out = args.floats(5, product(outShape), "out");
  binary(static_cast<BinaryOp>(op), a, aShape.data(), b, bShape.data(), out, outShape.data(),
         static_cast<int>(outShape.size()));
  return info.Env().Undefined();
}

// sumToShape(gradOut, outShape, gradIn, inShape)
Napi::Value SumToShape(const Napi::CallbackInfo& info) {
  const Arguments args(info, "sumToShape");
  const std::vector<int64_t> outShape = args.shape(1, "outShape"), inShape = args.shape(3, "inShape");
  checkBroadcast(args, inShape, outShape, "gradIn");
  const float* gradOut = args.floats(0, product(outShape), "gradOut");
  float* gradIn = args.floats(2, product(inShape), "gradIn");
  sumToShape(gradOut, outShape.data(), gradIn, inShape.data(), static_cast<int>(outShape.size()));
  return info.Env().Undefined();
}

// unary(op, x, out, scalar)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  const Arguments args(info, "unary");
  const int64_t op = args.count(0, "op");
  args.require(op <= static_cast<int64_t>(UnaryOp::AddScalar), "unknown unary op");
  const int64_t count = args.length(1);
  unary(static_cast<UnaryOp>(op), args.floats(1, count, "x"), args.floats(2, count, "out"), count,
        static_cast<float>(args.number(3, "scalar")));
  return info.Env().Undefined();
}

// unaryBackward(op, x, y, gradY, gradX, scalar)
Napi::Value UnaryBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "unaryBackward");
  const int64_t op = args.count(0, "op");
  args.require(op <= static_cast<int64_t>(UnaryOp::AddScalar), "unknown unary op");
  const int64_t count = args.length(1);
  unaryBackward(static_cast<UnaryOp>(op), args.floats(1, count, "x"), args.floats(2, count, "y"),
                args.floats(3, count, "gradY"), args.floats(4, count, "gradX"), count,
                static_cast<float>(args.number(5, "scalar")));
  return info.Env().Undefined();
}

// reduce(op, x, outer, size, inner, out, argmax): op 0 = sum, 1 = max.
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const Arguments args(info, "reduce");
  const int64_t op = args.count(0, "op");
  const int64_t outer = args.count(2, "outer"), size = args.count(3, "size"), inner = args.count(4, "inner");
  args.require(op <= 1, "unknown reduce op");
  const float* x = args.floats(1, outer * size * inner, "x");
  float* out = args.floats(5, outer * inner, "out");
  if (op == 0) {
    reduceSum(x, outer, size, inner, out);
  } else {
    args.require(size > 0 || outer * inner == 0, "max over an empty axis");
    reduceMax(x, outer, size, inner, out, args.optionalIds(6, outer * inner, "argmax"));
  }
  return info.Env().Undefined();
}

// reduceBackward(op, gradOut, outer, size, inner, gradX, argmax)
Napi::Value ReduceBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "reduceBackward");
  const int64_t op = args.count(0, "op");
  const int64_t outer = args.count(2, "outer"), size = args.count(3, "size"), inner = args.count(4, "inner");
  args.require(op <= 1, "unknown reduce op");
  const float* gradOut = args.floats(1, outer * inner, "gradOut");
  float* gradX = args.floats(5, outer * size * inner, "gradX");
  if (op == 0) {
    reduceSumBackward(gradOut, outer, size, inner, gradX);
    return info.Env().Undefined();
  }
  const int32_t* argmax = args.optionalIds(6, outer * inner, "argmax");
  args.require(argmax != nullptr, "max needs the argmax written by reduce");
  for (int64_t index = 0; index < outer * inner; index++) {
    args.require(argmax[index] >= 0 && argmax[index] < size, "argmax " + std::to_string(argmax[index]) + " out of range");
  }
  reduceMaxBackward(gradOut, outer, size, inner, gradX, argmax);
  return info.Env().Undefined();
}

using RowKernel = void (*)(const float*, int64_t, int64_t, float*);
using RowBackwardKernel = void (*)(const float*, const float*, int64_t, int64_t, float*);

// (x, rows, cols, out)
template <RowKernel Kernel>
Napi::Value RowForward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "softmax");
  const int64_t rows = args.count(1, "rows"), cols = args.count(2, "cols");
  Kernel(args.floats(0, rows * cols, "x"), rows, cols, args.floats(3, rows * cols, "out"));
  return info.Env().Undefined();
}

// (y, gradY, rows, cols, gradX)
template <RowBackwardKernel Kernel>
Napi::Value RowBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "softmaxBackward");
  const int64_t rows = args.count(2, "rows"), cols = args.count(3, "cols");
  Kernel(args.floats(0, rows * cols, "y"), args.floats(1, rows * cols, "gradY"), rows, cols,
         args.floats(4, rows * cols, "gradX"));
  return info.Env().Undefined();
}

}  // namespace

void registerCoreBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("setGemmPath", Napi::Function::New(env, SetGemmPath));
  exports.Set("gemmPath", Napi::Function::New(env, GemmPathName));
  exports.Set("openBlasAvailable", Napi::Function::New(env, OpenBlasAvailable));
  exports.Set("gemmKernel", Napi::Function::New(env, GemmKernel));
  exports.Set("setGemmKernel", Napi::Function::New(env, SetGemmKernel));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("threads", Napi::Function::New(env, Threads));
  exports.Set("gemm", Napi::Function::New(env, Gemm));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("sumToShape", Napi::Function::New(env, SumToShape));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("unaryBackward", Napi::Function::New(env, UnaryBackward));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("reduceBackward", Napi::Function::New(env, ReduceBackward));
  exports.Set("softmax", Napi::Function::New(env, RowForward<softmax>));
  exports.Set("softmaxBackward", Napi::Function::New(env, RowBackward<softmaxBackward>));
  exports.Set("logSoftmax", Napi::Function::New(env, RowForward<logSoftmax>));
  exports.Set("logSoftmaxBackward", Napi::Function::New(env, RowBackward<logSoftmaxBackward>));
}

}  // namespace clearbench

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  clearbench::registerCoreBindings(env, exports);
  clearbench::registerLayerBindings(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(clearbench_native, Init)
