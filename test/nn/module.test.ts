/** @file nn.Module: discovery of parameters/children/buffers, PyTorch state-dict names, loadStateDict errors, train/eval, apply, toString. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as lw from "lernwerk";
import { assertClose } from "./close.ts";

const nn = lw.nn;
const fx = JSON.parse(readFileSync(new URL("./golden/layers.json", import.meta.url), "utf8")) as {
  stateDictKeys: string[]; checkpoint: { file: string; x: number[][]; y: number[][] };
};

class Net extends nn.Module {
  encoder = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
  headScale = new nn.Parameter(lw.ones(2));
  forward(x: lw.Tensor): lw.Tensor {
    return this.encoder.forward(x).mul(this.headScale);
  }
}

test("Sequential's state-dict keys are PyTorch's", () => {
  const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
  assert.deepEqual(Object.keys(seq.stateDict()), fx.stateDictKeys);
});

test("parameters, children and buffers are found; camelCase properties become snake_case names", () => {
  const m = new Net();
  assert.deepEqual(m.namedParameters().map(([n]) => n), ["head_scale", "encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias", "encoder.3.weight", "encoder.3.bias"]);
  assert.equal(m.parameters().length, 7);
  assert.deepEqual(m.namedBuffers().map(([n]) => n), ["encoder.1.running_mean", "encoder.1.running_var", "encoder.1.num_batches_tracked"]);
  assert.deepEqual(m.namedChildren().map(([n]) => n), ["encoder"]);
  assert.equal(m.modules().length, 6);
  assert.equal(m.numParameters(), 3 * 4 + 4 + 4 + 4 + 4 * 2 + 2 + 2);
});

test("a shared layer's parameters are counted once", () => {
  const lin = new nn.Linear(2, 2);
  assert.equal(new nn.Sequential(lin, lin).parameters().length, 2);
});

test("stateDict round trip copies values; loadStateDict lists every missing, unexpected and mis-shaped key", () => {
  lw.manualSeed(0);
  const a = new Net(), b = new Net();
  b.loadStateDict(a.stateDict());
  const x = lw.randn(5, 3);
  a.eval(); b.eval();
  assert.deepEqual(b.forward(x).tolist(), a.forward(x).tolist());

  const sd = a.stateDict();
  delete sd["encoder.0.bias"];
  delete sd["head_scale"];
  sd["encoder.9.weight"] = lw.zeros(1);
  sd["encoder.3.weight"] = lw.zeros(2, 5);
  assert.throws(() => b.loadStateDict(sd), (e: Error) => {
    assert.match(e.message, /missing keys: head_scale, encoder\.0\.bias/);
    assert.match(e.message, /unexpected keys: encoder\.9\.weight/);
    assert.match(e.message, /size mismatch for encoder\.3\.weight: the state dict has shape \[2, 5\], the model has \[2, 4\]/);
    return true;
  });
  delete sd["encoder.3.weight"];
  const r = b.loadStateDict(sd, { strict: false });
  assert.deepEqual(r.missingKeys, ["head_scale", "encoder.0.bias", "encoder.3.weight"]);
  assert.deepEqual(r.unexpectedKeys, ["encoder.9.weight"]);
});

test("train()/eval() reach every sub-module; apply() visits children first", () => {
  const m = new Net();
  m.eval();
  assert.ok(m.modules().every((s) => !s.training));
  m.train();
  assert.ok(m.modules().every((s) => s.training));
  const seen: string[] = [];
  m.apply((s) => seen.push(s.constructor.name));
  assert.deepEqual(seen, ["Linear", "BatchNorm1d", "ReLU", "Linear", "Sequential", "Net"]);
  m.apply((s) => { if (s instanceof nn.Linear) nn.init.zeros_(s.weight); });
  assert.equal((m.encoder.at(0) as lw.nn.Linear).weight.abs().sum().item(), 0);
});

test("toString prints the tree with parameter counts", () => {
  const s = new Net().summary();
  assert.match(s, /^Net\(\n  \(encoder\): Sequential\(\n    \(0\): Linear\(inFeatures=3, outFeatures=4, bias=true\)  # 16 parameters/);
  assert.match(s, /Total parameters: 36 \(trainable: 36\)$/);
});

test("ModuleList and ModuleDict register their modules", () => {
  class Tower extends nn.Module {
    blocks = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2)]);
    heads = new nn.ModuleDict({ cls: new nn.Linear(2, 3), reg: new nn.Linear(2, 1) });
    forward(x: lw.Tensor): lw.Tensor {
      for (const b of this.blocks) x = (b as lw.nn.Linear).forward(x).relu();
      return (this.heads.get("cls") as lw.nn.Linear).forward(x);
    }
  }
  const t = new Tower();
  assert.deepEqual(Object.keys(t.stateDict()), ["blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias", "heads.cls.weight", "heads.cls.bias", "heads.reg.weight", "heads.reg.bias"]);
  assert.deepEqual(t.forward(lw.zeros(1, 2)).shape, [1, 3]);
  assert.throws(() => t.heads.get("nope"), /no module "nope"; keys: cls, reg/);
  assert.throws(() => new nn.ModuleDict({ training: new nn.ReLU() }), /reserved/);
});

test("wrong input shapes name the layer, the expected and the received shape", () => {
  assert.throws(() => new nn.Linear(784, 512).forward(lw.zeros(64, 28, 28)), /Linear\(784 → 512\): expected input of shape \[\.\.\., 784\], got \[64, 28, 28\]/);
  assert.throws(() => new nn.Sequential(new nn.Linear(3, 4), new nn.Linear(5, 1)).forward(lw.zeros(2, 3)), /Linear\(5 → 1\): expected input of shape \[\.\.\., 5\], got \[2, 4\]/);
});

test("a PyTorch state dict saved as safetensors (int64 num_batches_tracked included) loads by name and gives PyTorch's output", () => {
  const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
  const sd = lw.load(new URL(`./golden/${fx.checkpoint.file}`, import.meta.url).pathname);
  assert.deepEqual(Object.keys(sd).sort(), [...fx.stateDictKeys].sort());
  seq.loadStateDict(sd);
  assert.equal(seq.stateDict()["1.num_batches_tracked"].item(), 1);
  seq.eval();
  assertClose(seq.forward(lw.tensor(fx.checkpoint.x)), fx.checkpoint.y, "output", { rtol: 1e-5, atol: 1e-6 });
});
