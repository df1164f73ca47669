/**
 * @file The course's Fashion-MNIST CNN in Keras style: Conv(32, 3×3, relu) → MaxPool 2 → Conv(64, 3×3) → MaxPool 2 →
 * Conv(64, 3×3) → Flatten → Dense(250) → Dense(10, softmax), Adam, early stopping on val_loss with the best weights
 * restored, a checkpoint of the best model. Run: `npx tsx examples/fashion-mnist-cnn.ts [--epochs 10] [--smoke]`.
 */
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";

const K = lw.keras;

export interface CnnOptions {
  epochs?: number;
  /** Use only the first n training / test images (smoke runs). */
  trainLimit?: number;
  testLimit?: number;
  /** Where the best model's weights are saved (safetensors). */
  checkpointPath?: string;
  batchSize?: number;
  seed?: number;
  verbose?: 0 | 1 | 2;
  log?: (...a: unknown[]) => void;
}

/** The model of the exercise; inputs are channels-last (N, 28, 28, 1), as Keras users write them. */
export function buildModel(): lw.keras.Sequential {
  return new K.Sequential([
    new K.Conv2D(32, 3, { activation: "relu", inputShape: [28, 28, 1] }),
    new K.MaxPooling2D(2),
    new K.Conv2D(64, 3, { activation: "relu" }),
    new K.MaxPooling2D(2),
    new K.Conv2D(64, 3, { activation: "relu" }),
    new K.Flatten(),
    new K.Dense(250, { activation: "relu" }),
    new K.Dense(10, { activation: "softmax" }),
  ]);
}

/** Fashion-MNIST as Keras wants it: images (N, 28, 28, 1) in [0, 1] (lw.data gives (N, 1, 28, 28)) and int labels. */
export function loadChannelsLast(train: boolean, limit?: number): [lw.Tensor, lw.Tensor] {
  const ds = lw.data.datasets.fashionMNIST({ train, limit });
  return [ds.data.permute(0, 2, 3, 1).contiguous(), ds.targets];
}

export function main(opts: CnnOptions = {}) {
  const log = opts.log ?? console.log;
  lw.manualSeed(opts.seed ?? 0);
  const [xTrain, yTrain] = loadChannelsLast(true, opts.trainLimit);
  const [xTest, yTest] = loadChannelsLast(false, opts.testLimit);
  log(`train ${xTrain.shape.join("×")}, test ${xTest.shape.join("×")} (channels last), backend ${lw.currentBackend().name}`);

  const model = buildModel();
  log(model.summary());
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });

  const checkpointPath = opts.checkpointPath ?? "fashion-cnn-best.safetensors";
  const callbacks = [
    new lw.callbacks.EarlyStopping({ monitor: "val_loss", patience: 2, restoreBestWeights: true }),
    new lw.callbacks.ModelCheckpoint(checkpointPath, { monitor: "val_loss", saveBestOnly: true, saveWeightsOnly: true }),
  ];
  const start = performance.now();
  const history = model.fit(xTrain, yTrain, {
    epochs: opts.epochs ?? 10, batchSize: opts.batchSize ?? 64, validationSplit: 0.1, callbacks, verbose: opts.verbose ?? (process.stdout.isTTY ? 1 : 2),
  });
  const seconds = (performance.now() - start) / 1000, epochs = history.epoch.length;
  const test = model.evaluate(xTest, yTest, { batchSize: 256 });
  log(`${epochs} epochs in ${seconds.toFixed(0)} s (${(seconds / epochs).toFixed(1)} s per epoch, validation included)`);
  log(`test loss ${test.loss.toFixed(4)}, test accuracy ${(100 * test.accuracy).toFixed(2)}% (best weights restored; best model in ${checkpointPath})`);

  const best = buildModel();
  best.loadWeights(checkpointPath);
  best.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  const reloaded = best.evaluate(xTest, yTest, { batchSize: 256 });
  log(`the checkpoint reloaded: test accuracy ${(100 * reloaded.accuracy).toFixed(2)}%`);
  return { history: history.history, epochs, secondsPerEpoch: seconds / epochs, testAccuracy: test.accuracy, reloadedAccuracy: reloaded.accuracy };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf("--epochs"), epochs = at > 0 ? Number(process.argv[at + 1]) : undefined;
  if (isSmoke()) main({ epochs: 2, trainLimit: 640, testLimit: 320, checkpointPath: "/tmp/fashion-cnn-smoke.safetensors" });
  else main({ epochs });
}
