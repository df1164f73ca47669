/**
 * @file Binary classification of 1000 random 10-feature points (label: the features sum to more
 * than 5): standardised, Dense(10, relu) → Dense(1, sigmoid), BCE, Adam, 20 epochs of batches of 16.
 * Run: `npx tsx examples/binary-classification.ts`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

export function main(opts: { epochs?: number; seed?: number; log?: (...a: unknown[]) => void } = {}): { testAccuracy: number } {
  const log = opts.log ?? console.log;
  lw.manualSeed(opts.seed ?? 0);
  const X = lw.rand(1000, 10); // uniform on [0, 1): the sum has mean 5
  const y = X.sum(1, { keepdim: true }).gt(5).float(); // (N, 1)
  const [xTrain, xTest, yTrain, yTest] = lw.data.trainTestSplit([X, y], { testSize: 0.2 });
  const scaler = new lw.data.StandardScaler().fit(xTrain);
  const loader = new lw.data.DataLoader(new lw.data.TensorDataset(scaler.transform(xTrain), yTrain), { batchSize: 16, shuffle: true });

  const model = new nn.Sequential(new nn.Linear(10, 10), new nn.ReLU(), new nn.Linear(10, 1), new nn.Sigmoid());
  const lossFn = new nn.BCELoss();
  const optimizer = new lw.optim.Adam(model.parameters(), { lr: 0.01 });
  const epochs = opts.epochs ?? 20;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let sum = 0, n = 0;
    for (const [xb, yb] of loader) {
      const loss = lossFn.forward(model.forward(xb), yb);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      sum += loss.item() * xb.shape[0];
      n += xb.shape[0];
    }
    if (epoch % 5 === 0 || epoch === epochs) log(`epoch ${String(epoch).padStart(2)}  loss ${(sum / n).toFixed(4)}`);
  }
  const prob = lw.noGrad(() => model.forward(scaler.transform(xTest)));
  const testAccuracy = prob.gt(0.5).float().eq(yTest).float().mean().item();
  log(`test accuracy: ${testAccuracy.toFixed(3)}`);
  return { testAccuracy };
}

if (isMain(import.meta.url)) main(isSmoke() ? { epochs: 5 } : {});
