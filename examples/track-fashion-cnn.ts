/**
 * @file The course's tracking exercise: the Fashion-MNIST CNN trained twice with different learning
 * rates, each fit logged by lw.callbacks.Tracking (params, curves, model) and evaluated (test accuracy,
 * confusion matrix); the runs compared with searchRuns, the better model registered as a new version
 * of "fashion-cnn", aliased `champion` and loaded back by alias with equal predictions.
 * Run: `npx tsx examples/track-fashion-cnn.ts [--epochs 3] [--smoke]`, then `lernwerk ui` to look at the runs.
 */
import * as lw from "lernwerk";
import { isMain, isSmoke } from "./run.ts";
import { buildModel, loadChannelsLast } from "./fashion-mnist-cnn.ts";

export const FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

export interface TrackCnnOptions {
  /** Where runs are stored (default $LERNWERK_TRACKING_URI, else ./lwruns). */
  trackingUri?: string;
  learningRates?: number[];
  epochs?: number;
  trainLimit?: number;
  testLimit?: number;
  batchSize?: number;
  modelName?: string;
  log?: (...a: unknown[]) => void;
}

export function main(opts: TrackCnnOptions = {}) {
  const log = opts.log ?? console.log;
  const T = lw.track;
  if (opts.trackingUri) T.setTrackingUri(opts.trackingUri);
  const experiment = T.setExperiment("fashion-mnist-cnn");
  const [xTrain, yTrain] = loadChannelsLast(true, opts.trainLimit);
  const [xTest, yTest] = loadChannelsLast(false, opts.testLimit);
  const study = `study-${Date.now()}`;
  const models = new Map<string, lw.keras.Sequential>();

  for (const lr of opts.learningRates ?? [1e-3, 1e-4]) {
    T.withRun({ runName: `adam lr=${lr}`, tags: { study }, description: `Fashion-MNIST CNN with Adam at lr ${lr}` }, (run) => {
      lw.manualSeed(0);
      const model = buildModel();
      model.compile({ optimizer: (params) => new lw.optim.Adam(params, { lr, eps: 1e-7 }), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
      const tracking = new lw.callbacks.Tracking({ task: "image-classification", classNames: FASHION_CLASSES, inputShape: [28, 28, 1], systemMetricsIntervalMs: 5000 });
      model.fit(xTrain, yTrain, { epochs: opts.epochs ?? 3, batchSize: opts.batchSize ?? 64, validationSplit: 0.1, callbacks: [tracking], verbose: 0 });
      const test = model.evaluate(xTest, yTest, { batchSize: 256 }); // logs eval_loss, eval_accuracy and confusion_matrix.png
      log(`run ${run.runId} (lr ${lr}): test accuracy ${(100 * test.accuracy).toFixed(2)}%`);
      models.set(run.runId, model);
    });
  }

  // Compare the study's runs by test accuracy and register the better one.
  const runs = T.searchRuns({ experimentIds: [experiment.experimentId], filter: `tags.study = '${study}'`, orderBy: ["metrics.eval_accuracy DESC"] });
  for (const r of runs) log(`${r.info.runName.padEnd(16)} val_loss ${r.data.metrics.val_loss.value.toFixed(4)}  test accuracy ${(100 * r.data.metrics.eval_accuracy.value).toFixed(2)}%`);
  const best = runs[0];
  const name = opts.modelName ?? "fashion-cnn";
  const version = T.registerModel(`runs:/${best.info.runId}/model`, name, { tags: { learning_rate: best.data.params.optimizer_lr } });
  const client = new T.TrackingClient(T.trackingStore());
  client.setRegisteredModelAlias(name, "champion", version.version);
  log(`registered ${name} version ${version.version} (run ${best.info.runName}) as ${name}@champion`);

  // What the inference server does: load by alias, predict.
  const champion = T.loadModel<lw.keras.BaseModel>(`models:/${name}@champion`);
  const info = T.getModelInfo(`models:/${name}@champion`);
  const want = models.get(best.info.runId)!.predict(xTest, { batchSize: 256 });
  const got = champion.predict(xTest, { batchSize: 256 });
  const equalPredictions = want.sub(got).abs().max().item() === 0;
  log(`models:/${name}@champion: a ${info.spec.className} for ${info.spec.task}, predictions equal to the trained model's: ${equalPredictions}`);
  return {
    runs: runs.map((r) => ({ runId: r.info.runId, runName: r.info.runName, lr: Number(r.data.params.optimizer_lr), testAccuracy: r.data.metrics.eval_accuracy.value, status: r.info.status })),
    best: best.info.runId, version: version.version, equalPredictions, spec: info.spec,
  };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf("--epochs"), epochs = at > 0 ? Number(process.argv[at + 1]) : undefined;
  if (isSmoke()) main({ epochs: 1, trainLimit: 640, testLimit: 320, trackingUri: "/tmp/lwruns-smoke" });
  else main({ epochs });
}
