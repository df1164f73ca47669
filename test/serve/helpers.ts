/** @file Test helpers of lw.serve: a temporary tracking store holding a tiny trained CNN (classes top/bottom/dark of 8×8 grayscale images), and PNG bytes of each pattern. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import * as lw from "../../src/index.ts";

export const CLASSES = ["top", "bottom", "dark"];

/** An RGBA image of `size`×`size` whose top half, bottom half or nothing is bright. */
export function patternRgba(kind: string, size = 16): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const bright = (kind === "top" && y < size / 2) || (kind === "bottom" && y >= size / 2);
    const i = (y * size + x) * 4;
    rgba[i] = rgba[i + 1] = rgba[i + 2] = bright ? 230 : 20;
    rgba[i + 3] = 255;
  }
  return rgba;
}

export function patternPng(kind: string, size = 16): Buffer {
  const png = new PNG({ width: size, height: size });
  png.data.set(patternRgba(kind, size));
  return PNG.sync.write(png);
}

/** A keras CNN (8×8×1 → 3 classes) fitted on the three patterns with noise. */
export function trainTinyCnn(): lw.keras.Sequential {
  const K = lw.keras;
  lw.manualSeed(7);
  const n = 60, xs = new Float32Array(n * 64), ys: number[] = [];
  for (let s = 0; s < n; s++) {
    const c = s % 3;
    ys.push(c);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
      const bright = (c === 0 && y < 4) || (c === 1 && y >= 4);
      xs[s * 64 + y * 8 + x] = (bright ? 0.9 : 0.08) + (Math.random() - 0.5) * 0.2;
    }
  }
  const model = new K.Sequential([
    new K.Conv2D(4, 3, { activation: "relu", inputShape: [8, 8, 1] }), new K.Flatten(), new K.Dense(3, { activation: "softmax" }),
  ]);
  model.compile({ optimizer: K.optimizers.Adam({ learningRate: 0.05 }), loss: "sparse_categorical_crossentropy" });
  model.fit(lw.tensor(xs).reshape([n, 8, 8, 1]), lw.tensor(Int32Array.from(ys)), { epochs: 30, batchSize: 20, verbose: 0 });
  return model;
}

/** A fresh store (set as the tracking URI) with the tiny CNN registered as `name` version 1 and aliased champion. */
export function storeWithCnn(name = "tiny-cnn"): { store: lw.track.TrackingStore; dir: string; cleanup: () => void; logAnother: () => number } {
  const dir = mkdtempSync(join(tmpdir(), "lw-serve-"));
  lw.track.setTrackingUri(dir);
  const store = lw.track.trackingStore();
  const log = () => lw.track.withRun({}, () => lw.track.logModel(trainTinyCnn(), "model", { task: "image-classification", classNames: CLASSES, registeredModelName: name })).registeredModelVersion!.version;
  log();
  store.setRegisteredModelAlias(name, "champion", 1);
  return { store, dir, logAnother: log, cleanup: () => { lw.track.setTrackingUri(join(dir, "unused")); rmSync(dir, { recursive: true, force: true }); } };
}
