// Times lw::matmul alone (no Node, no allocation per call) and checks it against the reference, for tuning the
// GEMM in native/gemm/. Not part of the addon; build and run (the AVX2/AVX-512 files need their own flags):
//   sh native/tools/gemm-bench.sh && /tmp/gemm-bench [--threads 2] [--bt 1] [--tb] [--check] M N K [M N K ...]
// --tb passes B as the transpose of a row-major N×K matrix (unit row stride), as x·Wᵀ arrives from the Op layer.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../core/threadpool.h"
#include "../gemm/gemm.h"

using namespace lw;

namespace {

View view3(float* data, int64_t len, int64_t b, int64_t r, int64_t c, int64_t s0, int64_t s1, int64_t s2) {
  View v;
  v.data = data;
  v.length = len;
  v.dtype = DType::F32;
  v.ndim = 3;
  v.shape[0] = b, v.shape[1] = r, v.shape[2] = c;
  v.strides[0] = s0, v.strides[1] = s1, v.strides[2] = s2;
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, bt = 1;
  bool tb = false, check = false;
  double minTime = 0.5;
  std::vector<int64_t> dims;
  for (int i = 1; i < argc; i++) {
    std::string s = argv[i];
    if (s == "--threads") threads = std::atoi(argv[++i]);
    else if (s == "--bt") bt = std::atoi(argv[++i]);
    else if (s == "--tb") tb = true;
    else if (s == "--check") check = true;
    else if (s == "--time") minTime = std::atof(argv[++i]);
    else if (s == "--isa") setGemmIsa(argv[++i]);
    else dims.push_back(std::atoll(argv[i]));
  }
  setNumThreads(threads);
  std::mt19937 gen(1);
  std::normal_distribution<float> nd;
  for (size_t d = 0; d + 3 <= dims.size(); d += 3) {
    const int64_t M = dims[d], N = dims[d + 1], K = dims[d + 2];
    std::vector<float> a(bt * M * K), b(bt * K * N), c(bt * M * N), r(bt * M * N);
    for (auto& x : a) x = nd(gen);
    for (auto& x : b) x = nd(gen);
    View va = view3(a.data(), a.size(), bt, M, K, M * K, K, 1);
    View vb = tb ? view3(b.data(), b.size(), bt, K, N, K * N, 1, K) : view3(b.data(), b.size(), bt, K, N, K * N, N, 1);
    View vc = view3(c.data(), c.size(), bt, M, N, M * N, N, 1);
    View vr = view3(r.data(), r.size(), bt, M, N, M * N, N, 1);
    if (check) {
      matmul(va, vb, vc);
      matmulReference(va, vb, vr);
      double worst = 0;
      for (size_t i = 0; i < c.size(); i++) worst = std::max(worst, std::fabs(double(c[i]) - r[i]) / (1e-5 * std::fabs(r[i]) + 2e-6 * 9 * K));
      std::printf("check %lldx%lldx%lld: worst error/tolerance %.3f%s\n", (long long)M, (long long)N, (long long)K, worst, worst > 1 ? "  FAIL" : "");
    }
    std::vector<double> ts;
    for (int i = 0; i < 3; i++) matmul(va, vb, vc);
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const auto t0 = std::chrono::steady_clock::now();
      matmul(va, vb, vc);
      const auto t1 = std::chrono::steady_clock::now();
      ts.push_back(std::chrono::duration<double>(t1 - t0).count());
      if (ts.size() >= 10 && std::chrono::duration<double>(t1 - start).count() > minTime) break;
    }
    std::sort(ts.begin(), ts.end());
    const double med = ts[ts.size() / 2];
    std::printf("%s bt=%d M=%lld N=%lld K=%lld threads=%d: median %9.2f us  min %9.2f us  %7.2f GFLOP/s (reps %zu)\n", gemmIsa().c_str(), bt,
                (long long)M, (long long)N, (long long)K, threads, med * 1e6, ts[0] * 1e6, 2.0 * bt * M * N * K / med / 1e9, ts.size());
  }
  shutdownPool();
}
