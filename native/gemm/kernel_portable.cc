// Portable 128-bit micro-kernels (6×8 float, 6×4 double): SSE2 on x86-64, NEON on arm64, plain
// scalar code elsewhere; compiled with the baseline flags and always available.
#define LW_ISA_NAME "portable"
#define LW_VEC_BYTES 16
#define LW_F32_MR 6
#define LW_F32_NV 2
#define LW_F32_MC 120
#define LW_F32_KC 256
#define LW_F32_NC 2048
#define LW_F64_MR 6
#define LW_F64_NV 2
#define LW_F64_MC 60
#define LW_F64_KC 256
#define LW_F64_NC 1024
#include "microkernel.inl"
const lw::KernelSet* lw::kernelsPortable() { return &kSet; }
