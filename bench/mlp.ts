/**
 * @file The mlp workload of ../shared/bench on lernwerk: PyTorch's Fashion-MNIST quickstart
 * (784-512-512-10, SGD 1e-3, batch 64, no shuffle, last partial batch kept) with the data held in
 * one tensor, as py/mlp.py's default; the same RESULT metrics (impl "lernwerk").
 * Alone: `node --import tsx bench/mlp.ts [--epochs 1] [--limit 2000] [--threads 2]`.
 */
import * as lw from "lernwerk";
import { nn } from "lernwerk";
import { NeuralNetwork } from "../examples/fashion-mnist-quickstart.ts";
import { arg, isMain, median, runAlone, type BenchRecord } from "./harness.ts";

export function lernwerkMlp(epochs: number, threads: number, limit?: number): BenchRecord[] {
  lw.manualSeed(0);
  let t0 = performance.now();
  const train = lw.data.datasets.fashionMNIST({ train: true, limit }), test = lw.data.datasets.fashionMNIST({ train: false, limit });
  const dataLoad = (performance.now() - t0) / 1000;
  const [X, Y] = [train.data, train.targets], [Xt, Yt] = [test.data, test.targets];
  const n = X.shape[0], nt = Xt.shape[0], bs = 64;
  const model = new NeuralNetwork();
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new lw.optim.SGD(model.parameters(), { lr: 1e-3 });
  const times: number[] = [], accs: number[] = [];
  for (let ep = 1; ep <= epochs; ep++) {
    model.train();
    t0 = performance.now();
    let last = NaN;
    for (let i = 0, batch = 0; i < n; i += bs, batch++) {
      const m = Math.min(bs, n - i);
      const loss = lossFn.forward(model.forward(X.narrow(0, i, m)), Y.narrow(0, i, m));
      loss.backward();
      optimizer.step();
      optimizer.zeroGrad();
      if (batch % 100 === 0) last = loss.item();
    }
    times.push((performance.now() - t0) / 1000);
    model.eval();
    let correct = 0;
    lw.noGrad(() => {
      for (let i = 0; i < nt; i += bs) {
        const m = Math.min(bs, nt - i);
        correct += model.forward(Xt.narrow(0, i, m)).argmax(1).eq(Yt.narrow(0, i, m)).sum().item();
      }
    });
    accs.push(correct / nt);
    console.log(`[lernwerk] epoch ${ep}: train ${times[ep - 1].toFixed(3)} s (${(n / times[ep - 1]).toFixed(0)} img/s), loss ${last.toFixed(4)}, test acc ${(accs[ep - 1] * 100).toFixed(2)}%`);
  }
  const med = median(times);
  const kw = { threads, epochs, backend: lw.currentBackend().name };
  const rec = (metric: string, value: number, unit: string): BenchRecord => ({ workload: "mlp", impl: "lernwerk", metric, value: +value.toFixed(3), unit, ...kw });
  return [
    rec("data_load_s", dataLoad, "s"),
    rec("epoch1_train_s", times[0], "s"),
    rec("median_epoch_train_s", med, "s"),
    rec("images_per_s", n / med, "img/s"),
    rec("acc_epoch1", accs[0] * 100, "%"),
    ...(epochs > 1 ? [rec(`acc_epoch${epochs}`, accs[epochs - 1] * 100, "%")] : []),
  ];
}

if (isMain(import.meta.url)) {
  const limit = arg("limit", "");
  runAlone((threads) => lernwerkMlp(Number(arg("epochs", "1")), threads, limit ? Number(limit) : undefined));
}
