/**
 * @file What DataLoader's `cache: true` saves per epoch on Fashion-MNIST-sized data (60,000 × 784 float32, batch 64):
 * a TensorDataset (its getBatch gathers rows) and a per-sample dataset (getItem + default collate). `npx tsx bench/dataloader-cache.ts`
 */
import * as lw from "../src/index.ts";

const N = 60_000, F = 784, B = 64, EPOCHS = 3;
lw.manualSeed(0);
const X = lw.rand([N, F]), y = lw.randint(0, 10, [N]);
const tensorDs = new lw.data.TensorDataset(X, y);
const rows = X.toTypedArray() as Float32Array, labels = y.toTypedArray();
/** As a user's own Dataset: one sample a call, as an image folder would give after decoding. */
const sampleDs = { length: N, getItem: (i: number): [lw.Tensor, number] => [lw.fromTypedArray(rows.slice(i * F, (i + 1) * F), [F]), labels[i]] };

function epochs(name: string, loader: Iterable<unknown>): void {
  const times: number[] = [];
  for (let e = 0; e < EPOCHS; e++) {
    const t0 = performance.now();
    let n = 0;
    for (const _ of loader) n++;
    times.push(performance.now() - t0);
  }
  console.log(`${name.padEnd(44)} ${times.map((t) => `${t.toFixed(0).padStart(6)} ms`).join("  ")}`);
}

console.log(`epochs 1..${EPOCHS} of ${N} × ${F} float32, batchSize ${B} (iteration only, no training)`);
epochs("TensorDataset, no cache", new lw.data.DataLoader(tensorDs, { batchSize: B }));
epochs("TensorDataset, cache: true", new lw.data.DataLoader(tensorDs, { batchSize: B, cache: true }));
epochs("per-sample dataset + collate, no cache", new lw.data.DataLoader(sampleDs, { batchSize: B }));
epochs("per-sample dataset + collate, cache: true", new lw.data.DataLoader(sampleDs, { batchSize: B, cache: true }));
