/**
 * @file Decoding-sized products through lw.matmul (Op layer included): a few rows of A times a weight, row-major
 * (x·W) or transposed (x·Wᵀ), and batched attention; median µs per call. `node --import tsx bench/gemm-small.ts [--threads 2]`.
 */
import * as lw from "lernwerk";
import { arg, median, timeCalls, useThreads } from "./harness.ts";

const threads = useThreads(Number(arg("threads", "2")));
const g = new lw.Generator(0);
// [batch, M, K, N, B transposed]
const cases: [number, number, number, number, boolean][] = [
  [1, 1, 128, 384, false], [1, 1, 512, 128, false], [1, 1, 128, 65, true], [1, 4, 128, 384, false], [1, 8, 128, 384, true],
  [4, 1, 32, 64, true], [4, 1, 64, 32, false], [1, 1, 768, 2304, false], [1, 1, 768, 50257, true],
];
for (const [bt, m, k, n, tb] of cases) {
  const a = lw.randn(bt === 1 ? [m, k] : [bt, m, k], { generator: g });
  const w = tb ? lw.randn(bt === 1 ? [n, k] : [bt, n, k], { generator: g }) : lw.randn(bt === 1 ? [k, n] : [bt, k, n], { generator: g });
  const b = tb ? lw.transpose(w, -2, -1) : w;
  const ts = timeCalls(() => lw.matmul(a, b), { warmup: 3, reps: 20, minTime: 0.5 });
  const med = median(ts);
  console.log(`threads=${threads} ${bt}×(${m}×${k})·(${k}×${n}${tb ? ", Wᵀ" : ""}): median ${(med * 1e6).toFixed(1).padStart(9)} µs  ${((2 * bt * m * n * k) / med / 1e9).toFixed(2).padStart(7)} GFLOP/s`);
}
process.exit(0);
