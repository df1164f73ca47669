/** @file Shared by the Keras-style MNIST examples: MNIST / Fashion-MNIST as flat (N, 784) inputs and int32 labels, and the course MLP (Dense 128, [Dropout], Dense 64, [Dropout], Dense 10 softmax). */
import * as lw from "lernwerk";

const { Dense, Dropout } = lw.keras.layers;

export interface Split { x: lw.Tensor; y: lw.Tensor; classes: readonly string[] }

/** A split of MNIST or Fashion-MNIST, images flattened to 784 values in [0, 1]. */
export function loadFlat(dataset: "mnist" | "fashionMNIST", train: boolean, limit?: number): Split {
  const ds = lw.data.datasets[dataset]({ train, limit });
  return { x: ds.data.reshape([-1, 28 * 28]), y: ds.targets, classes: ds.classes };
}

/** The MLP of the course: 784 → 128 → 64 → 10, with an activation and optional dropout after each hidden layer. */
export function mlp(opts: { activation?: string; dropout?: number } = {}): lw.keras.Sequential {
  const activation = opts.activation ?? "relu";
  const model = new lw.keras.Sequential([new Dense(128, { activation, inputShape: [784] })]);
  if (opts.dropout) model.add(new Dropout(opts.dropout));
  model.add(new Dense(64, { activation }));
  if (opts.dropout) model.add(new Dropout(opts.dropout));
  model.add(new Dense(10, { activation: "softmax" }));
  return model;
}

/** Seconds per epoch measured by a callback (for the report lines). */
export function epochTimer(): { seconds: number[]; callback: lw.callbacks.CallbackLike } {
  const seconds: number[] = [];
  let t = 0;
  return { seconds, callback: { onEpochBegin: () => { t = performance.now(); }, onEpochEnd: () => { seconds.push((performance.now() - t) / 1000); } } };
}
