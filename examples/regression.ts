/**
 * @file Regression with an MLP: fits y = 5x³ + 10 and y = sin(x) on [−3, 3] (targets standardised
 * for training) and prints each fit's mean squared error on a fresh grid. Run: `npx tsx examples/regression.ts`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export const TARGETS = {
  "5x³ + 10": (x: lw.Tensor) => x.pow(3).mul(5).add(10),
  "sin(x)": (x: lw.Tensor) => x.sin(),
} as const;

/** Trains 1-64-64-1 (tanh) with Adam on 200 points; returns the MSE on 101 grid points, in the target's units. */
export function fit(f: (x: lw.Tensor) => lw.Tensor, steps: number): number {
  const x = lw.rand(200, 1).mul(6).sub(3); // (N, 1) uniform on [−3, 3]
  const y = f(x);
  const mean = y.mean().item(), std = y.std().item();
  const model = new nn.Sequential(new nn.Linear(1, 64), new nn.Tanh(), new nn.Linear(64, 64), new nn.Tanh(), new nn.Linear(64, 1));
  const optimizer = new lw.optim.Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new lw.optim.lrScheduler.StepLR(optimizer, Math.max(1, Math.floor(steps / 3)), { gamma: 0.3 });
  const lossFn = new nn.MSELoss();
  for (let i = 0; i < steps; i++) {
    const loss = lossFn.forward(model.forward(x), y.sub(mean).div(std));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    scheduler.step();
  }
  const grid = lw.linspace(-3, 3, 101).reshape(-1, 1);
  return lw.noGrad(() => lossFn.forward(model.forward(grid).mul(std).add(mean), f(grid)).item());
}

export function main(opts: { steps?: number; seed?: number; log?: (...a: unknown[]) => void } = {}): Record<string, number> {
  const log = opts.log ?? console.log;
  lw.manualSeed(opts.seed ?? 0);
  const mse: Record<string, number> = {};
  for (const [name, f] of Object.entries(TARGETS)) {
    mse[name] = fit(f, opts.steps ?? 1500);
    log(`y = ${name.padEnd(9)} mean squared error on [-3, 3]: ${mse[name].toPrecision(3)}`);
  }
  return mse;
}

if (isMain(import.meta.url)) main(isSmoke() ? { steps: 300 } : {});
