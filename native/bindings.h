// Registration of the JavaScript-facing functions, split by kernel family over two files.
#pragma once

#include <napi.h>

namespace clearbench {

void registerCoreBindings(Napi::Env env, Napi::Object exports);   // addon.cc: config, gemm, elementwise, reduce, softmax
void registerLayerBindings(Napi::Env env, Napi::Object exports);  // bindings-layers.cc: the rest

}  // namespace clearbench
