/**
 * @file XOR, which the perceptron (examples/perceptron.ts) cannot learn, learned by a two-layer
 * MLP: 2 → 4 (tanh) → 1, BCE on logits, Adam. Run: `npx tsx examples/xor-mlp.ts`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export function main(opts: { steps?: number; seed?: number; log?: (...a: unknown[]) => void } = {}): { predictions: number[]; loss: number } {
  const log = opts.log ?? console.log;
  lw.manualSeed(opts.seed ?? 0);
  const X = lw.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = lw.tensor([[0], [1], [1], [0]]);
  const model = new nn.Sequential(new nn.Linear(2, 4), new nn.Tanh(), new nn.Linear(4, 1));
  const lossFn = new nn.BCEWithLogitsLoss();
  const optimizer = new lw.optim.Adam(model.parameters(), { lr: 0.05 });
  let loss = 0;
  const steps = opts.steps ?? 500;
  for (let i = 1; i <= steps; i++) {
    const l = lossFn.forward(model.forward(X), y);
    optimizer.zeroGrad();
    l.backward();
    optimizer.step();
    loss = l.item();
    if (i % 100 === 0) log(`step ${String(i).padStart(4)}  loss ${loss.toFixed(4)}`);
  }
  const predictions = lw.noGrad(() => model.forward(X).sigmoid().gt(0.5).int().reshape(-1).tolist() as number[]);
  log(`XOR predictions for 00, 01, 10, 11: ${predictions.join(", ")} (the hidden layer makes XOR separable)`);
  return { predictions, loss };
}

if (isMain(import.meta.url)) main(isSmoke() ? { steps: 300 } : {});
