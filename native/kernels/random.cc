// Philox 4x32-10 uniforms, threaded over blocks: element i comes from block counter + i/2, words 2(i%2) and
// 2(i%2)+1 (a, b); float64 = ((a >> 5)·2^26 + (b >> 6))·2^-53, float32 = (a >> 8)·2^-24, exactly as the js reference.
#include "random.h"

#include <stdexcept>

#include "../core/threadpool.h"
#include "kernels.h"

namespace lw {
namespace {

constexpr uint32_t kM0 = 0xd2511f53u, kM1 = 0xcd9e8d57u, kW0 = 0x9e3779b9u, kW1 = 0xbb67ae85u;

struct Block { uint32_t w[4]; };

inline Block philox(uint64_t ctr, uint32_t k0, uint32_t k1) {
  uint32_t c0 = static_cast<uint32_t>(ctr), c1 = static_cast<uint32_t>(ctr >> 32), c2 = 0, c3 = 0;
  for (int r = 0; r < 10; r++) {
    const uint64_t p0 = static_cast<uint64_t>(kM0) * c0, p1 = static_cast<uint64_t>(kM1) * c2;
    c0 = static_cast<uint32_t>(p1 >> 32) ^ c1 ^ k0;
    c1 = static_cast<uint32_t>(p1);
    c2 = static_cast<uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c3 = static_cast<uint32_t>(p0);
    k0 += kW0;
    k1 += kW1;
  }
  return {{c0, c1, c2, c3}};
}

/** One element from words (a, b): float keeps a's top 24 bits (b is drawn but unused, as in the js reference). */
inline void put(float& out, uint32_t a, uint32_t /* b */) { out = static_cast<float>(a >> 8) * (1.0f / 16777216.0f); }
/** One element from words (a, b): double keeps 27 bits of a and 26 of b, 53 in all. */
inline void put(double& out, uint32_t a, uint32_t b) {
  out = (static_cast<double>(a >> 5) * 67108864.0 + static_cast<double>(b >> 6)) * (1.0 / 9007199254740992.0);
}

template <typename T> void fill(uint32_t k0, uint32_t k1, uint64_t counter, T* out, int64_t n) {
  const int64_t blocks = (n + 1) / 2;
  parallelFor(blocks, 4096, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; b++) {
      const Block x = philox(counter + static_cast<uint64_t>(b), k0, k1);
      for (int j = 0; j < 2 && 2 * b + j < n; j++) put(out[2 * b + j], x.w[2 * j], x.w[2 * j + 1]);
    }
  });
}

}  // namespace

void philoxUniform(uint32_t k0, uint32_t k1, uint64_t counter, const View& out) {
  if (out.ndim != 1 || (out.shape[0] > 1 && out.strides[0] != 1))
    throw std::runtime_error("lernwerk native: philoxUniform: out must be a dense 1-D array");
  const int64_t n = out.shape[0];
  if (out.dtype == DType::F32) fill(k0, k1, counter, out.ptr<float>() + out.offset, n);
  else if (out.dtype == DType::F64) fill(k0, k1, counter, out.ptr<double>() + out.offset, n);
  else throw std::runtime_error("lernwerk native: philoxUniform: out must be float32 or float64");
}

}  // namespace lw
