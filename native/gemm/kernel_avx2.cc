// AVX2+FMA micro-kernels (4×24 float: three vectors of B per row, measured faster than 6×16 here; 6×8 double); this file alone is compiled with -mavx2 -mfma.
#if defined(__AVX2__) && defined(__FMA__)
#define LW_ISA_NAME "avx2"
#define LW_VEC_BYTES 32
#define LW_F32_MR 4
#define LW_F32_NV 3
#define LW_F32_MC 144
#define LW_F32_KC 256
#define LW_F32_NC 4080
#define LW_F64_MR 6
#define LW_F64_NV 2
#define LW_F64_MC 72
#define LW_F64_KC 256
#define LW_F64_NC 2040
#include "microkernel.inl"
const lw::KernelSet* lw::kernelsAvx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? &kSet : nullptr; }
#else
#include "microkernel.h"
const lw::KernelSet* lw::kernelsAvx2() { return nullptr; }
#endif
