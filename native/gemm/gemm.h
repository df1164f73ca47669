// Batched matrix product out(B, M, N) = a(B, M, K) · b(B, K, N) on strided views, into a dense out.
#pragma once
#include <string>
#include "../core/view.h"

namespace lw {

void matmul(const View& a, const View& b, View& out);

/** The instruction set GEMM runs on: "avx512", "avx2", "portable" or "scalar" (the reference loop). */
std::string gemmIsa();
/** Picks an instruction set this CPU supports; throws for one it does not. */
void setGemmIsa(const std::string& name);
/** The instruction sets this CPU and build can run, best first. */
std::string gemmIsasAvailable();

/** The scalar reference: plain loops with double accumulation, any dtype. */
void matmulReference(const View& a, const View& b, View& out);

}  // namespace lw
