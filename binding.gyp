# The native backend addon, built by node-gyp from native/build.mjs during `npm install`/`npm ci`.
# Each micro-kernel file gets its own instruction-set flags; the CPU is checked at run time.
{
  "target_defaults": {
    "cflags": ["-O3", "-fPIC", "-ffp-contract=fast", "-Wall"],
    "cflags_cc": ["-std=gnu++17", "-fexceptions"],
    "cflags_cc!": ["-fno-exceptions"],
    "xcode_settings": {"GCC_ENABLE_CPP_EXCEPTIONS": "YES", "CLANG_CXX_LANGUAGE_STANDARD": "gnu++17", "OTHER_CFLAGS": ["-O3", "-ffp-contract=fast"]},
    "configurations": {"Debug": {"defines": ["LW_DEBUG"]}},
  },
  "targets": [
    {
      "target_name": "lw_kernels_avx2",
      "type": "static_library",
      "sources": ["native/gemm/kernel_avx2.cc"],
      "conditions": [["target_arch=='x64'", {"cflags": ["-mavx2", "-mfma"], "xcode_settings": {"OTHER_CFLAGS": ["-mavx2", "-mfma"]}}]],
    },
    {
      "target_name": "lw_kernels_avx512",
      "type": "static_library",
      "sources": ["native/gemm/kernel_avx512.cc"],
      "conditions": [["target_arch=='x64'", {"cflags": ["-mavx512f", "-mfma"], "xcode_settings": {"OTHER_CFLAGS": ["-mavx512f", "-mfma"]}}]],
    },
    {
      # Optimizer steps must round every operation as the js loops do: no fused multiply-add (and no errno, so sqrt vectorises).
      "target_name": "lw_optim",
      "type": "static_library",
      "sources": ["native/kernels/optim.cc"],
      "cflags": ["-ffp-contract=off", "-fno-math-errno"],
      "xcode_settings": {"OTHER_CFLAGS": ["-ffp-contract=off", "-fno-math-errno"]},
    },
    {
      "target_name": "lernwerk",
      "dependencies": ["lw_kernels_avx2", "lw_kernels_avx512", "lw_optim"],
      "sources": [
        "native/binding/addon.cc",
        "native/binding/blocks.cc",
        "native/core/threadpool.cc",
        "native/gemm/driver.cc",
        "native/gemm/reference.cc",
        "native/gemm/kernel_portable.cc",
        "native/kernels/copy.cc",
        "native/kernels/elementwise.cc",
        "native/kernels/reduce.cc",
        "native/kernels/random.cc",
        "native/kernels/indexing.cc",
        "native/kernels/conv.cc",
        "native/kernels/conv_gemm.cc",
        "native/kernels/nn.cc",
        "native/kernels/block.cc",
        "native/kernels/rnn.cc",
        "native/kernels/lstm_seq.cc",
      ],
      "defines": ["NAPI_VERSION=8"],
      "ldflags": ["-pthread"],
    },
  ],
}
