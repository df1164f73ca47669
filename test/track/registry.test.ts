/** @file logModel → registerModel → aliases → loadModel("models:/NAME@ALIAS") gives a module with equal predictions; the registry's rules and errors. */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import * as lw from "../../src/index.ts";
import { tempDir } from "./helpers.ts";

const T = lw.track, K = lw.keras;
const tmp = tempDir();
before(() => T.setTrackingUri(tmp.dir));
after(() => { T.setTrackingUri(join(tmp.dir, "unused")); tmp.cleanup(); });

const tinyCnn = () => new K.Sequential([
  new K.Conv2D(4, 3, { activation: "relu", inputShape: [8, 8, 1] }), new K.MaxPooling2D(2), new K.Flatten(), new K.Dense(3, { activation: "softmax" }),
]);

test("a keras model: logged, registered twice, aliased champion, loaded back by alias and by version with equal predictions", () => {
  lw.manualSeed(1);
  const x = lw.rand(5, 8, 8, 1);
  const infos = [0, 1].map(() => T.withRun({}, () => T.logModel(tinyCnn(), "model", { task: "image-classification", classNames: ["a", "b", "c"], registeredModelName: "tiny-cnn" })));
  assert.deepEqual(infos.map((i) => i.registeredModelVersion!.version), [1, 2]);
  assert.equal(infos[0].spec.flavor, "keras");
  assert.deepEqual(infos[0].spec.inputShape, [8, 8, 1]);
  const client = new T.TrackingClient(T.trackingStore());
  client.setRegisteredModelAlias("tiny-cnn", "champion", 1);
  client.setRegisteredModelAlias("tiny-cnn", "staging", "2");
  client.setModelVersionTag("tiny-cnn", 1, "validated", "yes");
  client.setRegisteredModelTag("tiny-cnn", "owner", "course");
  const rm = client.getRegisteredModel("tiny-cnn");
  assert.deepEqual(rm.aliases, { champion: 1, staging: 2 });
  assert.equal(rm.latestVersion, 2);
  assert.equal(rm.tags.owner, "course");
  const v1 = client.getModelVersionByAlias("tiny-cnn", "champion");
  assert.equal(v1.runId, infos[0].runId);
  assert.deepEqual(v1.tags, { validated: "yes" });
  assert.deepEqual(v1.aliases, ["champion"]);

  const original = lw.keras.loadModel(T.trackingStore().artifactFile(infos[0].runId, "model/model.safetensors"));
  const byAlias = T.loadModel<lw.keras.BaseModel>("models:/tiny-cnn@champion");
  const byVersion = T.loadModel<lw.keras.BaseModel>("models:/tiny-cnn/1");
  const byRun = T.loadModel<lw.keras.BaseModel>(infos[0].modelUri);
  const want = original.predict(x).tolist();
  assert.deepEqual(byAlias.predict(x).tolist(), want);
  assert.deepEqual(byVersion.predict(x).tolist(), want);
  assert.deepEqual(byRun.predict(x).tolist(), want);
  assert.notDeepEqual(T.loadModel<lw.keras.BaseModel>("models:/tiny-cnn/latest").predict(x).tolist(), want, "version 2 has other weights");
  assert.equal(byAlias.training, false, "loaded in eval mode");
  const info = T.getModelInfo("models:/tiny-cnn@champion");
  assert.equal(info.spec.task, "image-classification");
  assert.deepEqual(info.spec.classNames, ["a", "b", "c"]);
  assert.equal(info.version!.version, 1);

  client.setRegisteredModelAlias("tiny-cnn", "champion", 2);
  assert.equal(client.getModelVersionByAlias("tiny-cnn", "champion").version, 2, "an alias moves");
  client.deleteRegisteredModelAlias("tiny-cnn", "staging");
  assert.throws(() => T.loadModel("models:/tiny-cnn@staging"), /has no alias "staging"; its aliases: champion/);
  assert.throws(() => client.setRegisteredModelAlias("tiny-cnn", "latest", 1), /reserved/);
  assert.throws(() => client.setRegisteredModelAlias("tiny-cnn", "v3", 1), /reserved/);
  assert.throws(() => client.setRegisteredModelAlias("tiny-cnn", "x", 9), /has no version 9/);
  assert.throws(() => T.loadModel("models:/nope/1"), /no registered model named "nope"/);
  assert.throws(() => T.loadModel("models:/tiny-cnn"), /not models:\/NAME\/VERSION/);
  assert.throws(() => T.loadModel("runs:/123/model"), /not runs:\/<32-hex run id>/);
  assert.throws(() => T.loadModel(`runs:/${"0".repeat(32)}/model`), /no run with id/);
});

test("an nn.Module: lw.models classes rebuild from their config; other classes need a registered builder", () => {
  lw.manualSeed(2);
  const lstm = new lw.models.CharLSTM({ vocabSize: 7, embeddingDim: 4, hiddenSize: 5, numLayers: 1, dropout: 0 });
  const info = T.withRun({}, () => T.logModel(lstm, "char-lstm", { task: "text-generation" }));
  assert.equal(info.spec.builder, "CharLSTM");
  const ids = lw.tensor([[1, 2, 3]], { dtype: "int32" });
  const back = T.loadModel<lw.models.CharLSTM>(info.modelUri);
  lstm.eval();
  assert.deepEqual(back.forward(ids)[0].tolist(), lstm.forward(ids)[0].tolist());

  class TwoLayer extends lw.nn.Module {
    a: lw.nn.Linear; b: lw.nn.Linear;
    constructor(readonly config: { hidden: number }) { super(); this.a = new lw.nn.Linear(3, config.hidden); this.b = new lw.nn.Linear(config.hidden, 2); }
    forward(x: lw.Tensor): lw.Tensor { return this.b.forward(this.a.forward(x).relu()); }
  }
  const net = new TwoLayer({ hidden: 6 });
  assert.throws(() => T.withRun({}, () => T.logModel(net)), /registerModelBuilder\("TwoLayer"/);
  T.registerModelBuilder("two-layer", (c: { hidden: number }) => new TwoLayer(c));
  const logged = T.withRun({}, () => T.logModel(net, "model", { builder: "two-layer", registeredModelName: "two" }));
  const x = lw.rand(4, 3);
  assert.deepEqual(T.loadModel<TwoLayer>("models:/two/1").forward(x).tolist(), net.forward(x).tolist());
  rmSync(T.trackingStore().artifactFile(logged.runId, "model/model.safetensors"));
  assert.throws(() => T.loadModel("models:/two/1"), /lacks its weights file/);
  rmSync(T.trackingStore().artifactFile(logged.runId, "model/lwmodel.json"));
  assert.throws(() => T.loadModel("models:/two/1"), /holds no lwmodel\.json/);
  const bare = T.withRun({}, (r) => { T.logText("x", "model/readme.txt"); return r.runId; });
  assert.throws(() => T.registerModel(`runs:/${bare}/model`, "broken"), /holds no lwmodel\.json/);
  assert.throws(() => T.trackingStore().getRegisteredModel("broken"), /no registered model/, "nothing half-registered");
});
