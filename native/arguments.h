// Reading and checking a binding's JavaScript arguments. Kernels trust their sizes, so every buffer is
// checked against the extent the kernel will touch before it runs; failures throw a RangeError in JS.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace clearbench {

class Arguments {
 public:
  Arguments(const Napi::CallbackInfo& info, const char* method) : info_(info), method_(method) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw Napi::RangeError::New(info_.Env(), std::string(method_) + ": " + message);
  }

  void require(bool condition, const std::string& message) const {
    if (!condition) fail(message);
  }

  float* floats(size_t index, int64_t needed, const char* name) const {
    const Napi::Value value = info_[index];
    if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
      fail(std::string(name) + " must be a Float32Array");
    }
    Napi::Float32Array array = value.As<Napi::Float32Array>();
    checkLength(static_cast<int64_t>(array.ElementLength()), needed, name);
    return array.Data();
  }

  float* optionalFloats(size_t index, int64_t needed, const char* name) const {
    return isAbsent(index) ? nullptr : floats(index, needed, name);
  }

  int32_t* ids(size_t index, int64_t needed, const char* name) const {
    const Napi::Value value = info_[index];
    if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
      fail(std::string(name) + " must be an Int32Array");
    }
    Napi::Int32Array array = value.As<Napi::Int32Array>();
    checkLength(static_cast<int64_t>(array.ElementLength()), needed, name);
    return array.Data();
  }

  int32_t* optionalIds(size_t index, int64_t needed, const char* name) const {
    return isAbsent(index) ? nullptr : ids(index, needed, name);
  }

  // Length of a typed array argument, for methods sized by their input.
  int64_t length(size_t index) const {
    const Napi::Value value = info_[index];
    if (!value.IsTypedArray()) fail("argument " + std::to_string(index) + " must be a typed array");
    return static_cast<int64_t>(value.As<Napi::TypedArray>().ElementLength());
  }

  double number(size_t index, const char* name) const {
    const Napi::Value value = info_[index];
    if (!value.IsNumber()) fail(std::string(name) + " must be a number");
    return value.As<Napi::Number>().DoubleValue();
  }

  int64_t count(size_t index, const char* name) const {
    const double value = number(index, name);
    if (!(value >= 0) || std::floor(value) != value || value > 9007199254740991.0) {
      fail(std::string(name) + " must be a non-negative integer");
    }
    return static_cast<int64_t>(value);
  }

  bool flag(size_t index) const { return info_[index].ToBoolean().Value(); }

  std::string text(size_t index, const char* name) const {
    const Napi::Value value = info_[index];
    if (!value.IsString()) fail(std::string(name) + " must be a string");
    return value.As<Napi::String>().Utf8Value();
  }

  std::vector<int64_t> shape(size_t index, const char* name) const {
    const Napi::Value value = info_[index];
    if (!value.IsArray()) fail(std::string(name) + " must be an array");
    const Napi::Array array = value.As<Napi::Array>();
    std::vector<int64_t> extents(array.Length());
    for (uint32_t axis = 0; axis < array.Length(); axis++) {
      const Napi::Value extent = array.Get(axis);
      const double number = extent.IsNumber() ? extent.As<Napi::Number>().DoubleValue() : -1.0;
      if (!(number >= 0) || std::floor(number) != number) fail(std::string(name) + " must hold non-negative integers");
      extents[axis] = static_cast<int64_t>(number);
    }
    return extents;
  }

 private:
  bool isAbsent(size_t index) const { return info_[index].IsNull() || info_[index].IsUndefined(); }

  void checkLength(int64_t length, int64_t needed, const char* name) const {
    if (length < needed) {
      fail(std::string(name) + " has " + std::to_string(length) + " elements, needs at least " + std::to_string(needed));
    }
  }

  const Napi::CallbackInfo& info_;
  const char* method_;
};

}  // namespace clearbench
