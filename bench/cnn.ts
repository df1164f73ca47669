/**
 * @file The cnn workload of ../shared/bench on lernwerk: 200 Adam training steps (batch 64, consecutive slices of
 * Fashion-MNIST) of Conv(1,32,3)+ReLU+MaxPool, Conv(32,64,3)+ReLU+MaxPool, Linear(1600,128)+ReLU, Linear(128,10).
 * Alone: `node --import tsx bench/cnn.ts [--steps 200] [--warmup 10] [--threads 2]`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { arg, isMain, median, runAlone, type BenchRecord } from "./harness.ts";

const B = 64;

/** The shared bench's small CNN, with PyTorch's layer names. */
export const smallCnn = (): nn.Sequential => new nn.Sequential(
  new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 32, 13, 13)
  new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 64, 5, 5)
  new nn.Flatten(), new nn.Linear(1600, 128), new nn.ReLU(), new nn.Linear(128, 10),
);

/** `steps` timed training steps after `warmup` ones; the RESULT records of py/cnn.py with impl "lernwerk". */
export function lernwerkCnn(steps: number, threads: number, warmup = 5): BenchRecord[] {
  lw.manualSeed(0);
  const train = lw.data.datasets.fashionMNIST({ train: true });
  const X = train.data, Y = train.targets, N = X.shape[0];
  const model = smallCnn(), lossFn = new nn.CrossEntropyLoss();
  const opt = new lw.optim.Adam(model.parameters(), { lr: 1e-3 });
  let pos = 0, loss = NaN;
  const step = () => {
    if (pos + B > N) pos = 0;
    const l = lossFn.forward(model.forward(X.narrow(0, pos, B)), Y.narrow(0, pos, B));
    pos += B;
    opt.zeroGrad();
    l.backward();
    opt.step();
    return l;
  };
  for (let i = 0; i < warmup; i++) step();
  const ts: number[] = [];
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const l = step();
    if (i === steps - 1) loss = l.item();
    ts.push((performance.now() - t0) / 1000);
  }
  const total = ((performance.now() - start) / 1000) * (200 / steps);
  console.log(`[lernwerk cnn] ${steps} steps, ${lw.currentBackend().name} backend: 200 steps ${total.toFixed(2)} s, median step ${(median(ts) * 1e3).toFixed(1)} ms, loss ${loss.toFixed(4)}`);
  const kw = { threads, steps, backend: lw.currentBackend().name };
  const rec = (metric: string, value: number, unit: string): BenchRecord => ({ workload: "cnn", impl: "lernwerk", metric, value: +value.toFixed(3), unit, ...kw });
  return [rec("time_200_steps_s", total, "s"), rec("median_step_ms", median(ts) * 1e3, "ms"), rec("images_per_s", (B * 200) / total, "img/s"), rec("final_loss", loss, "")];
}

if (isMain(import.meta.url)) runAlone((threads) => lernwerkCnn(Number(arg("steps", "200")), threads, Number(arg("warmup", "10"))));
