// AVX-512 micro-kernels (8×48 float: 24 accumulators fed by 3 loads and 8 broadcasts per k, 8-12 % faster than
// 14×32 on Sapphire Rapids-class cores; 14×16 double); this file alone is compiled with -mavx512f.
#if defined(__AVX512F__)
#define LW_ISA_NAME "avx512"
#define LW_VEC_BYTES 64
#define LW_F32_MR 8
#define LW_F32_NV 3
#define LW_F32_MC 192
#define LW_F32_KC 384
#define LW_F32_NC 4096
#define LW_F64_MR 14
#define LW_F64_NV 2
#define LW_F64_MC 84
#define LW_F64_KC 384
#define LW_F64_NC 2048
#include "microkernel.inl"
const lw::KernelSet* lw::kernelsAvx512() { return __builtin_cpu_supports("avx512f") ? &kSet : nullptr; }
#else
#include "microkernel.h"
const lw::KernelSet* lw::kernelsAvx512() { return nullptr; }
#endif
