/** @file saveState/loadState: model + optimizer + scheduler + epoch in one file, and training resumes bit for bit. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";

const nn = lw.nn;

function setup(seed: number) {
  lw.manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(3, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 1));
  const opt = new lw.optim.AdamW(model.parameters(), { lr: 0.05 });
  const sched = new lw.optim.lrScheduler.StepLR(opt, 3, { gamma: 0.5 });
  return { model, opt, sched };
}
const X = lw.linspace(-1, 1, 24).reshape(8, 3), Y = X.sum(1, { keepdim: true }).sin();
function train(s: ReturnType<typeof setup>, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const loss = new nn.MSELoss().forward(s.model.forward(X), Y);
    s.opt.zeroGrad();
    loss.backward();
    s.opt.step();
    s.sched.step();
  }
}

test("a checkpoint file restores model, optimizer and scheduler so training continues bit for bit", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-ckpt-"));
  try {
    const a = setup(1);
    train(a, 5);
    const path = join(dir, "ckpt.safetensors");
    lw.io.saveState({ model: a.model.stateDict(), optimizer: a.opt.stateDict(), scheduler: a.sched.stateDict(), epoch: 5, note: "halfway", best: Infinity }, path);
    train(a, 5);

    const b = setup(2); // different initial weights: everything must come from the file
    const ck = lw.io.loadState(path) as unknown as {
      model: lw.nn.StateDict; optimizer: lw.optim.OptimizerStateDict<lw.optim.AdamOptions>; scheduler: Record<string, unknown>; epoch: number; note: string; best: number;
    };
    assert.deepEqual([ck.epoch, ck.note, ck.best], [5, "halfway", Infinity]);
    b.model.loadStateDict(ck.model);
    b.opt.loadStateDict(ck.optimizer);
    b.sched.loadStateDict(ck.scheduler);
    train(b, 5);
    assert.deepEqual(Object.values(b.model.stateDict()).map((t) => t.tolist()), Object.values(a.model.stateDict()).map((t) => t.tolist()));
    assert.deepEqual(b.sched.getLastLr(), a.sched.getLastLr());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadState refuses a plain safetensors file and unsupported values", () => {
  const bytes = lw.io.serialize({ w: lw.ones(2) });
  assert.throws(() => lw.io.deserializeState(bytes, "w.safetensors"), /w\.safetensors is a plain safetensors file without lernwerk state; use load\(\)/);
  assert.throws(() => lw.io.serializeState({ f: new Map() }), /f is a Map, not a plain object/);
});
