// The simple GEMM the fast kernels are tested against: three loops, double accumulation, any
// strides and dtypes; stores like the js backend (ToInt32 for int32, modulo 256 for bool).
#include "gemm.h"
#include "../core/dtype.h"

namespace lw {

void matmulReference(const View& a, const View& b, View& out) {
  dispatchDType(a.dtype, [&](auto tag) {
    using T = decltype(tag);
    const int64_t B = a.shape[0], M = a.shape[1], K = a.shape[2], N = b.shape[2];
    const T* A = a.ptr<T>() + a.offset;
    const T* Bm = b.ptr<T>() + b.offset;
    T* C = out.ptr<T>();
    for (int64_t bi = 0; bi < B; bi++)
      for (int64_t i = 0; i < M; i++)
        for (int64_t j = 0; j < N; j++) {
          double acc = 0;
          for (int64_t k = 0; k < K; k++) {
            acc += static_cast<double>(A[bi * a.strides[0] + i * a.strides[1] + k * a.strides[2]]) *
                   static_cast<double>(Bm[bi * b.strides[0] + k * b.strides[1] + j * b.strides[2]]);
          }
          C[(bi * M + i) * N + j] = storeJs<T>(acc);
        }
    return 0;
  });
}

}  // namespace lw
