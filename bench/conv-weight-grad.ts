/**
 * @file The native conv2d weight gradient alone, on the bench CNN's layers and a wider one: median ms per call.
 * `node --import tsx bench/conv-weight-grad.ts [--threads 2] [--reps 50]`.
 */
import * as lw from "lernwerk";
import { arg, median, useThreads } from "./harness.ts";
import type { ConvParams } from "../src/core/ops.ts";

const SHAPES: { x: [number, number, number, number]; O: number; k: number }[] = [
  { x: [64, 1, 28, 28], O: 32, k: 3 }, // the bench CNN's first layer
  { x: [64, 32, 13, 13], O: 64, k: 3 }, // its second
  { x: [16, 64, 32, 32], O: 128, k: 3 }, // a wider one
];

const threads = useThreads(Number(arg("threads", process.env.LERNWERK_NUM_THREADS ?? "2")));
const reps = Number(arg("reps", "50"));
const be = lw.currentBackend();
for (const s of SHAPES) {
  const p: ConvParams = { kernelSize: [s.k, s.k], stride: [1, 1], padding: [[0, 0], [0, 0]], dilation: [1, 1], groups: 1 };
  const x = lw.randn(s.x), OH = s.x[2] - s.k + 1, OW = s.x[3] - s.k + 1;
  const g = lw.randn([s.x[0], s.O, OH, OW]);
  const wShape = [s.O, s.x[1], s.k, s.k];
  for (let i = 0; i < 5; i++) be.conv2dWeightGrad(g, x, p, wShape, "float32");
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    be.conv2dWeightGrad(g, x, p, wShape, "float32");
    ts.push(performance.now() - t0);
  }
  console.log(`conv2dWeightGrad x (${s.x}) O ${s.O} ${s.k}x${s.k}, ${threads} threads, ${be.name}: median ${median(ts).toFixed(3)} ms`);
}
