// Bindings for normalisation, embedding, cross-entropy, attention, layout, dropout and optimiser kernels.
#include <napi.h>

#include <string>

#include "arguments.h"
#include "bindings.h"
#include "kernels/kernels.h"

namespace clearbench {
namespace {

Napi::Value Done(const Napi::CallbackInfo& info) { return info.Env().Undefined(); }

// layerNorm(x, weight, bias, rows, cols, eps, out, mean, rstd)
Napi::Value LayerNorm(const Napi::CallbackInfo& info) {
  const Arguments args(info, "layerNorm");
  const int64_t rows = args.count(3, "rows"), cols = args.count(4, "cols");
  layerNorm(args.floats(0, rows * cols, "x"), args.floats(1, cols, "weight"), args.optionalFloats(2, cols, "bias"), rows,
            cols, static_cast<float>(args.number(5, "eps")), args.floats(6, rows * cols, "out"),
            args.floats(7, rows, "mean"), args.floats(8, rows, "rstd"));
  return Done(info);
}

// layerNormBackward(x, weight, mean, rstd, gradOut, rows, cols, gradX, gradWeight, gradBias)
Napi::Value LayerNormBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "layerNormBackward");
  const int64_t rows = args.count(5, "rows"), cols = args.count(6, "cols");
  layerNormBackward(args.floats(0, rows * cols, "x"), args.floats(1, cols, "weight"), args.floats(2, rows, "mean"),
                    args.floats(3, rows, "rstd"), args.floats(4, rows * cols, "gradOut"), rows, cols,
                    args.floats(7, rows * cols, "gradX"), args.optionalFloats(8, cols, "gradWeight"),
                    args.optionalFloats(9, cols, "gradBias"));
  return Done(info);
}

// rmsNorm(x, weight, rows, cols, eps, out, rstd)
Napi::Value RmsNorm(const Napi::CallbackInfo& info) {
  const Arguments args(info, "rmsNorm");
  const int64_t rows = args.count(2, "rows"), cols = args.count(3, "cols");
  rmsNorm(args.floats(0, rows * cols, "x"), args.floats(1, cols, "weight"), rows, cols,
          static_cast<float>(args.number(4, "eps")), args.floats(5, rows * cols, "out"), args.floats(6, rows, "rstd"));
  return Done(info);
}

// rmsNormBackward(x, weight, rstd, gradOut, rows, cols, gradX, gradWeight)
Napi::Value RmsNormBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "rmsNormBackward");
  const int64_t rows = args.count(4, "rows"), cols = args.count(5, "cols");
  rmsNormBackward(args.floats(0, rows * cols, "x"), args.floats(1, cols, "weight"), args.floats(2, rows, "rstd"),
                  args.floats(3, rows * cols, "gradOut"), rows, cols, args.floats(6, rows * cols, "gradX"),
                  args.optionalFloats(7, cols, "gradWeight"));
  return Done(info);
}

void checkIds(const Arguments& args, const int32_t* ids, int64_t count, int64_t tableRows) {
  for (int64_t position = 0; position < count; position++) {
    args.require(ids[position] >= 0 && ids[position] < tableRows,
                 "id " + std::to_string(ids[position]) + " outside [0, " + std::to_string(tableRows) + ")");
  }
}

// embedding(table, ids, dim, out) and embeddingBackward(gradOut, ids, dim, gradTable)
Napi::Value Embedding(const Napi::CallbackInfo& info) {
  const Arguments args(info, "embedding");
  const int64_t dim = args.count(2, "dim");
  args.require(dim > 0, "dim must be positive");
  const int64_t count = args.length(1);
  const int32_t* ids = args.ids(1, count, "ids");
  checkIds(args, ids, count, args.length(0) / dim);
  embedding(args.floats(0, 0, "table"), ids, count, dim, args.floats(3, count * dim, "out"));
  return Done(info);
}

Napi::Value EmbeddingBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "embeddingBackward");
  const int64_t dim = args.count(2, "dim");
  args.require(dim > 0, "dim must be positive");
  const int64_t count = args.length(1);
  const int32_t* ids = args.ids(1, count, "ids");
  checkIds(args, ids, count, args.length(3) / dim);
  embeddingBackward(args.floats(0, count * dim, "gradOut"), ids, count, dim, args.floats(3, 0, "gradTable"));
  return Done(info);
}

void checkTargets(const Arguments& args, const int32_t* targets, int64_t rows, int64_t vocab, int32_t ignoreIndex) {
  for (int64_t row = 0; row < rows; row++) {
    args.require(targets[row] == ignoreIndex || (targets[row] >= 0 && targets[row] < vocab),
                 "target " + std::to_string(targets[row]) + " outside [0, " + std::to_string(vocab) + ")");
  }
}

int32_t ignoreIndexArgument(const Arguments& args, size_t index) {
  const double value = args.number(index, "ignoreIndex");
  args.require(value == static_cast<int32_t>(value), "ignoreIndex must be a 32-bit integer");
  return static_cast<int32_t>(value);
}

// crossEntropy(logits, targets, rows, vocab, ignoreIndex, losses, logSumExp)
Napi::Value CrossEntropy(const Napi::CallbackInfo& info) {
  const Arguments args(info, "crossEntropy");
  const int64_t rows = args.count(2, "rows"), vocab = args.count(3, "vocab");
  const int32_t ignoreIndex = ignoreIndexArgument(args, 4);
  const int32_t* targets = args.ids(1, rows, "targets");
  checkTargets(args, targets, rows, vocab, ignoreIndex);
  crossEntropy(args.floats(0, rows * vocab, "logits"), targets, rows, vocab, ignoreIndex, args.floats(5, rows, "losses"),
               args.floats(6, rows, "logSumExp"));
  return Done(info);
}

// crossEntropyBackward(logits, targets, logSumExp, gradLosses, rows, vocab, ignoreIndex, gradLogits)
Napi::Value CrossEntropyBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "crossEntropyBackward");
  const int64_t rows = args.count(4, "rows"), vocab = args.count(5, "vocab");
  const int32_t ignoreIndex = ignoreIndexArgument(args, 6);
  const int32_t* targets = args.ids(1, rows, "targets");
  checkTargets(args, targets, rows, vocab, ignoreIndex);
  crossEntropyBackward(args.floats(0, rows * vocab, "logits"), targets, args.floats(2, rows, "logSumExp"),
                       args.floats(3, rows, "gradLosses"), rows, vocab, ignoreIndex,
                       args.floats(7, rows * vocab, "gradLogits"));
  return Done(info);
}

// The first eight arguments of attention and attentionBackward:
// batch, heads, queryLength, keyLength, headDim, causal, scale, keyMask.
AttentionArgs attentionArguments(const Arguments& args) {
  AttentionArgs attention{};
  attention.batch = args.count(0, "batch");
  attention.heads = args.count(1, "heads");
  attention.queryLength = args.count(2, "queryLength");
  attention.keyLength = args.count(3, "keyLength");
  attention.headDim = args.count(4, "headDim");
  attention.causal = args.flag(5);
  attention.scale = static_cast<float>(args.number(6, "scale"));
  attention.keyMask = args.optionalIds(7, attention.batch * attention.keyLength, "keyMask");
  return attention;
}

// attention(...8 shape arguments, q, k, v, out, logSumExp)
Napi::Value Attention(const Napi::CallbackInfo& info) {
  const Arguments args(info, "attention");
  const AttentionArgs shape = attentionArguments(args);
  const int64_t pairs = shape.batch * shape.heads;
  const int64_t querySize = pairs * shape.queryLength * shape.headDim, keySize = pairs * shape.keyLength * shape.headDim;
  attention(shape, args.floats(8, querySize, "q"), args.floats(9, keySize, "k"), args.floats(10, keySize, "v"),
            args.floats(11, querySize, "out"), args.floats(12, pairs * shape.queryLength, "logSumExp"));
  return Done(info);
}

// attentionBackward(...8 shape arguments, q, k, v, out, logSumExp, gradOut, gradQ, gradK, gradV)
Napi::Value AttentionBackward(const Napi::CallbackInfo& info) {
  const Arguments args(info, "attentionBackward");
  const AttentionArgs shape = attentionArguments(args);
  const int64_t pairs = shape.batch * shape.heads;
  const int64_t querySize = pairs * shape.queryLength * shape.headDim, keySize = pairs * shape.keyLength * shape.headDim;
  attentionBackward(shape, args.floats(8, querySize, "q"), args.floats(9, keySize, "k"), args.floats(10, keySize, "v"),
                    args.floats(11, querySize, "out"), args.floats(12, pairs * shape.queryLength, "logSumExp"),
                    args.floats(13, querySize, "gradOut"), args.floats(14, querySize, "gradQ"),
                    args.floats(15, keySize, "gradK"), args.floats(16, keySize, "gradV"));
  return Done(info);
}

// permute(x, shape, perm, out)
Napi::Value Permute(const Napi::CallbackInfo& info) {
  const Arguments args(info, "permute");
  const std::vector<int64_t> shape = args.shape(1, "shape"), perm = args.shape(2, "perm");
  args.require(perm.size() == shape.size(), "perm and shape differ in rank");
  std::vector<bool> seen(shape.size(), false);
  int64_t size = 1;
  for (size_t axis = 0; axis < perm.size(); axis++) {
    args.require(perm[axis] < static_cast<int64_t>(shape.size()) && !seen[perm[axis]], "perm is not a permutation");
    seen[perm[axis]] = true;
    size *= shape[axis];
  }
  permute(args.floats(0, size, "x"), shape.data(), perm.data(), static_cast<int>(shape.size()), args.floats(3, size, "out"));
  return Done(info);
}

// slice(x, outer, size, inner, start, length, out) and sliceBackward(gradOut, ..., gradX)
template <bool Backward>
Napi::Value Slice(const Napi::CallbackInfo& info) {
  const Arguments args(info, Backward ? "sliceBackward" : "slice");
  const int64_t outer = args.count(1, "outer"), size = args.count(2, "size"), inner = args.count(3, "inner");
  const int64_t start = args.count(4, "start"), length = args.count(5, "length");
  args.require(start + length <= size, "the slice exceeds the axis");
  if (Backward) {
    sliceBackward(args.floats(0, outer * length * inner, "gradOut"), outer, size, inner, start, length,
                  args.floats(6, outer * size * inner, "gradX"));
  } else {
    slice(args.floats(0, outer * size * inner, "x"), outer, size, inner, start, length,
          args.floats(6, outer * length * inner, "out"));
  }
  return Done(info);
}

// patchify(images, batch, channels, height, width, patch, out) and patchifyBackward(gradOut, ..., gradImages)
template <bool Backward>
Napi::Value Patchify(const Napi::CallbackInfo& info) {
  const Arguments args(info, Backward ? "patchifyBackward" : "patchify");
  const int64_t batch = args.count(1, "batch"), channels = args.count(2, "channels");
  const int64_t height = args.count(3, "height"), width = args.count(4, "width"), patch = args.count(5, "patch");
  args.require(patch > 0 && height % patch == 0 && width % patch == 0, "the image does not split into whole patches");
  const int64_t size = batch * channels * height * width;
  if (Backward) {
    patchifyBackward(args.floats(0, size, "gradOut"), batch, channels, height, width, patch, args.floats(6, size, "gradImages"));
  } else {
    patchify(args.floats(0, size, "images"), batch, channels, height, width, patch, args.floats(6, size, "out"));
  }
  return Done(info);
}

// dropout(x, p, key, out, mask)
Napi::Value Dropout(const Napi::CallbackInfo& info) {
  const Arguments args(info, "dropout");
  const int64_t count = args.length(0);
  const double p = args.number(1, "p");
  args.require(p >= 0.0 && p <= 1.0, "p must be in [0, 1]");
  const int64_t key = args.count(2, "key");
  args.require(key <= 0xFFFFFFFFll, "key must be a 32-bit unsigned integer");
  dropout(args.floats(0, count, "x"), count, p, static_cast<uint32_t>(key), args.floats(3, count, "out"),
          args.floats(4, count, "mask"));
  return Done(info);
}

// adamw(param, grad, m, v, step, lr, beta1, beta2, eps, weightDecay)
Napi::Value AdamW(const Napi::CallbackInfo& info) {
  const Arguments args(info, "adamw");
  const int64_t count = args.length(0);
  const int64_t step = args.count(4, "step");
  args.require(step >= 1, "step counts from 1");
  adamw(args.floats(0, count, "param"), args.floats(1, count, "grad"), args.floats(2, count, "m"), args.floats(3, count, "v"),
        count, static_cast<double>(step), args.number(5, "lr"), args.number(6, "beta1"), args.number(7, "beta2"),
        args.number(8, "eps"), args.number(9, "weightDecay"));
  return Done(info);
}

// sgd(param, grad, momentumBuffer, firstStep, lr, momentum, weightDecay)
Napi::Value Sgd(const Napi::CallbackInfo& info) {
  const Arguments args(info, "sgd");
  const int64_t count = args.length(0);
  sgd(args.floats(0, count, "param"), args.floats(1, count, "grad"), args.floats(2, count, "momentumBuffer"), count,
      args.flag(3), args.number(4, "lr"), args.number(5, "momentum"), args.number(6, "weightDecay"));
  return Done(info);
}

// axpy(alpha, src, dst)
Napi::Value Axpy(const Napi::CallbackInfo& info) {
  const Arguments args(info, "axpy");
  const int64_t count = args.length(1);
  axpy(static_cast<float>(args.number(0, "alpha")), args.floats(1, count, "src"), args.floats(2, count, "dst"), count);
  return Done(info);
}

Napi::Value SumOfSquares(const Napi::CallbackInfo& info) {
  const Arguments args(info, "sumOfSquares");
  const int64_t count = args.length(0);
  return Napi::Number::New(info.Env(), sumOfSquares(args.floats(0, count, "x"), count));
}

}  // namespace

void registerLayerBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("layerNorm", Napi::Function::New(env, LayerNorm));
  exports.Set("layerNormBackward", Napi::Function::New(env, LayerNormBackward));
  exports.Set("rmsNorm", Napi::Function::New(env, RmsNorm));
  exports.Set("rmsNormBackward", Napi::Function::New(env, RmsNormBackward));
  exports.Set("embedding", Napi::Function::New(env, Embedding));
  exports.Set("embeddingBackward", Napi::Function::New(env, EmbeddingBackward));
  exports.Set("crossEntropy", Napi::Function::New(env, CrossEntropy));
  exports.Set("crossEntropyBackward", Napi::Function::New(env, CrossEntropyBackward));
  exports.Set("attention", Napi::Function::New(env, Attention));
  exports.Set("attentionBackward", Napi::Function::New(env, AttentionBackward));
  exports.Set("permute", Napi::Function::New(env, Permute));
  exports.Set("slice", Napi::Function::New(env, Slice<false>));
  exports.Set("sliceBackward", Napi::Function::New(env, Slice<true>));
  exports.Set("patchify", Napi::Function::New(env, Patchify<false>));
  exports.Set("patchifyBackward", Napi::Function::New(env, Patchify<true>));
  exports.Set("dropout", Napi::Function::New(env, Dropout));
  exports.Set("adamw", Napi::Function::New(env, AdamW));
  exports.Set("sgd", Napi::Function::New(env, Sgd));
  exports.Set("axpy", Napi::Function::New(env, Axpy));
  exports.Set("sumOfSquares", Napi::Function::New(env, SumOfSquares));
}

}  // namespace clearbench
