/**
 * @file The matmul workload of ../shared/bench on lernwerk: square float32 products, GFLOP/s as the median over
 * repetitions, as RESULT records (impl "lernwerk"). Alone: `node --import tsx bench/matmul.ts [--sizes 256,512] [--threads 2]`.
 */
import * as lw from "lernwerk";
import { nativeBinding } from "../src/backends/native/binding.ts";
import { arg, isMain, median, runAlone, timeCalls, type BenchRecord } from "./harness.ts";

export function lernwerkMatmul(sizes: readonly number[], threads: number): BenchRecord[] {
  const loaded = nativeBinding();
  const backend = lw.currentBackend().name, isa = backend === "native" && "binding" in loaded ? loaded.binding.info().isa : "js";
  const out: BenchRecord[] = [];
  const g = new lw.Generator(0);
  for (const n of sizes) {
    const a = lw.randn([n, n], { generator: g }), b = lw.randn([n, n], { generator: g });
    const ts = timeCalls(() => lw.matmul(a, b), { warmup: 2, reps: n <= 1024 ? 10 : 5, minTime: n <= 1024 ? 1 : 0 });
    const med = median(ts);
    const gf = (2 * n ** 3) / med / 1e9;
    console.log(`lernwerk threads=${threads} isa=${isa} n=${String(n).padStart(5)} median ${(med * 1e3).toFixed(3).padStart(9)} ms ${gf.toFixed(2).padStart(8)} GFLOP/s (reps=${ts.length}, min ${(Math.min(...ts) * 1e3).toFixed(3)} ms)`);
    out.push({ workload: "matmul", impl: "lernwerk", metric: "gflops", value: +gf.toFixed(2), unit: "GFLOP/s", size: n, threads, median_ms: +(med * 1e3).toFixed(3), reps: ts.length, backend, isa });
  }
  return out;
}

if (isMain(import.meta.url)) runAlone((threads) => lernwerkMatmul(arg("sizes", "256,512,1024,2048").split(",").map(Number), threads));
