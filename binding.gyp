{
  "variables": {
    "openblas_include": "<!(node native/find-openblas.mjs)"
  },
  "targets": [
    {
      "target_name": "clearbench_native",
      "sources": [
        "native/addon.cc",
        "native/bindings-layers.cc",
        "native/kernels/attention.cc",
        "native/kernels/cross-entropy.cc",
        "native/kernels/dropout.cc",
        "native/kernels/elementwise.cc",
        "native/kernels/embedding.cc",
        "native/kernels/gemm.cc",
        "native/kernels/gemm-builtin.cc",
        "native/kernels/gemm-kernel-avx2.cc",
        "native/kernels/gemm-kernel-avx512.cc",
        "native/kernels/layout.cc",
        "native/kernels/norm.cc",
        "native/kernels/optim.cc",
        "native/kernels/reduce.cc",
        "native/kernels/softmax.cc",
        "native/kernels/unary.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-mavx2", "-mfma", "-fno-math-errno", "-fopenmp", "-Wall", "-Wextra"],
      "ldflags": ["-fopenmp"],
      "conditions": [
        ["openblas_include != ''", {
          "defines": ["CLEARBENCH_OPENBLAS"],
          "include_dirs": ["<(openblas_include)"],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
