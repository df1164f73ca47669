/**
 * @file The TuneStorage conformance suite: every storage (memory, tracking SQLite, PostgreSQL) runs these
 * node:test cases through `storageSuite(name, factory)`; the factory gives a fresh, empty storage.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { TuneError, type Distribution, type TuneStorage } from "../../src/tune/storage.ts";

export type StorageFactory = () => Promise<TuneStorage>;

const LR: Distribution = { type: "float", low: 1e-5, high: 1, log: true, step: null };
const OPT: Distribution = { type: "categorical", choices: ["adam", "sgd"] };
const LAYERS: Distribution = { type: "int", low: 1, high: 4, log: false, step: 1 };

let counter = 0;
/** A study name no other case of this process or another run of the suite uses. */
export const uniqueName = (tag: string): string => `${tag}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

async function rejectsWith(p: Promise<unknown>, code: string, re?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TuneError, `expected a TuneError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}

export function storageSuite(name: string, factory: StorageFactory, opts: { skip?: string | false } = {}): void {
  describe(`TuneStorage conformance: ${name}`, { skip: opts.skip || false }, () => {
    const open: TuneStorage[] = [];
    const make = async (): Promise<TuneStorage> => {
      const s = await factory();
      open.push(s);
      return s;
    };
    after(async () => {
      for (const s of open) await s.close();
    });

    it("creates, finds, lists and deletes studies; a second study of one name is DUPLICATED_STUDY", async () => {
      const s = await make();
      const n = uniqueName("study");
      const st = await s.createStudy(n, ["minimize"]);
      assert.equal(st.studyName, n);
      assert.deepEqual(st.directions, ["minimize"]);
      assert.deepEqual((await s.getStudy(n))?.studyId, st.studyId);
      assert.equal(await s.getStudy(uniqueName("absent")), null);
      await rejectsWith(s.createStudy(n, ["maximize"]), "DUPLICATED_STUDY", new RegExp(n));
      assert.ok((await s.listStudies()).some((x) => x.studyId === st.studyId));
      await s.setStudyUserAttr(st.studyId, "goal", { metric: "rmse", tol: [1, 2] });
      await s.setStudySystemAttr(st.studyId, "sampler", "tpe");
      const again = await s.getStudy(n);
      assert.deepEqual(again?.userAttrs, { goal: { metric: "rmse", tol: [1, 2] } });
      assert.deepEqual(again?.systemAttrs, { sampler: "tpe" });
      await s.deleteStudy(st.studyId);
      assert.equal(await s.getStudy(n), null);
      await rejectsWith(s.getAllTrials(st.studyId), "STUDY_NOT_FOUND");
    });

    it("rejects bad study arguments", async () => {
      const s = await make();
      await rejectsWith(s.createStudy("", ["minimize"]), "INVALID_ARGUMENT");
      await rejectsWith(s.createStudy(uniqueName("bad"), []), "INVALID_ARGUMENT", /directions/);
      await rejectsWith(s.createStudy(uniqueName("bad"), ["up" as "minimize"]), "INVALID_ARGUMENT", /directions/);
    });

    it("numbers trials 0, 1, 2 … and stores params, intermediate values, attributes and values", async () => {
      const s = await make();
      const st = await s.createStudy(uniqueName("trials"), ["minimize"]);
      const t0 = await s.createTrial(st.studyId);
      const t1 = await s.createTrial(st.studyId);
      assert.deepEqual([t0.number, t1.number], [0, 1]);
      assert.equal(t0.state, "RUNNING");
      assert.ok(t0.datetimeStart !== null);
      await s.setTrialParam(t0.trialId, "lr", 0.01, LR);
      await s.setTrialParam(t0.trialId, "optimizer", "adam", OPT);
      await s.setTrialParam(t0.trialId, "layers", 3, LAYERS);
      await s.setTrialIntermediateValue(t0.trialId, 0, 0.9);
      await s.setTrialIntermediateValue(t0.trialId, 1, 0.5);
      await s.setTrialIntermediateValue(t0.trialId, 2, Infinity);
      await s.setTrialUserAttr(t0.trialId, "note", "first");
      await s.setTrialSystemAttr(t0.trialId, "seed", 7);
      await s.finishTrial(t0.trialId, "COMPLETE", [0.25]);
      const got = await s.getTrial(t0.trialId);
      assert.equal(got.state, "COMPLETE");
      assert.deepEqual(got.values, [0.25]);
      assert.deepEqual(got.params, { lr: 0.01, optimizer: "adam", layers: 3 });
      assert.deepEqual(got.distributions, { lr: LR, optimizer: OPT, layers: LAYERS });
      assert.deepEqual(got.intermediateValues, { 0: 0.9, 1: 0.5, 2: Infinity });
      assert.deepEqual(got.userAttrs, { note: "first" });
      assert.deepEqual(got.systemAttrs, { seed: 7 });
      assert.ok(got.datetimeComplete !== null && got.datetimeComplete >= got.datetimeStart!);
      await s.finishTrial(t1.trialId, "PRUNED", null, "pruned at step 3");
      const all = await s.getAllTrials(st.studyId);
      assert.deepEqual(all.map((t) => [t.number, t.state]), [[0, "COMPLETE"], [1, "PRUNED"]]);
      assert.equal(all[1].failReason, "pruned at step 3");
      assert.deepEqual((await s.getAllTrials(st.studyId, { states: ["PRUNED"] })).map((t) => t.number), [1]);
    });

    it("stores one value per direction for a multi-objective study and checks their count", async () => {
      const s = await make();
      const st = await s.createStudy(uniqueName("multi"), ["minimize", "maximize"]);
      const t = await s.createTrial(st.studyId);
      await rejectsWith(s.finishTrial(t.trialId, "COMPLETE", [1]), "INVALID_ARGUMENT", /2 non-NaN/);
      await rejectsWith(s.finishTrial(t.trialId, "COMPLETE", [1, NaN]), "INVALID_ARGUMENT");
      await s.finishTrial(t.trialId, "COMPLETE", [1.5, -2]);
      assert.deepEqual((await s.getTrial(t.trialId)).values, [1.5, -2]);
    });

    it("a finished trial cannot be finished or changed again (TRIAL_FINISHED); a FAIL keeps its reason", async () => {
      const s = await make();
      const st = await s.createStudy(uniqueName("finished"), ["minimize"]);
      const t = await s.createTrial(st.studyId);
      await s.finishTrial(t.trialId, "FAIL", null, "objective returned NaN");
      await rejectsWith(s.finishTrial(t.trialId, "COMPLETE", [1]), "TRIAL_FINISHED", /trial 0/);
      await rejectsWith(s.setTrialParam(t.trialId, "lr", 0.1, LR), "TRIAL_FINISHED");
      await rejectsWith(s.setTrialIntermediateValue(t.trialId, 0, 1), "TRIAL_FINISHED");
      const got = await s.getTrial(t.trialId);
      assert.equal(got.state, "FAIL");
      assert.equal(got.values, null);
      assert.equal(got.failReason, "objective returned NaN");
    });

    it("refuses a parameter whose distribution changed within the study, naming it", async () => {
      const s = await make();
      const st = await s.createStudy(uniqueName("compat"), ["minimize"]);
      const a = await s.createTrial(st.studyId);
      await s.setTrialParam(a.trialId, "optimizer", "adam", OPT);
      await s.setTrialParam(a.trialId, "lr", 0.1, LR);
      const b = await s.createTrial(st.studyId);
      await rejectsWith(s.setTrialParam(b.trialId, "optimizer", "adam", { type: "categorical", choices: ["adam", "rmsprop"] }), "INCOMPATIBLE_DISTRIBUTION", /"optimizer"/);
      await rejectsWith(s.setTrialParam(b.trialId, "lr", 1, { type: "int", low: 1, high: 3, log: false, step: 1 }), "INCOMPATIBLE_DISTRIBUTION", /"lr"/);
      // A narrower float range is the same kind of distribution (conditional spaces, Optuna allows it).
      await s.setTrialParam(b.trialId, "lr", 0.01, { type: "float", low: 1e-4, high: 0.1, log: true, step: null });
      assert.deepEqual((await s.getTrial(b.trialId)).params, { lr: 0.01 });
      // Another study may use the name differently.
      const other = await s.createStudy(uniqueName("compat2"), ["minimize"]);
      const c = await s.createTrial(other.studyId);
      await s.setTrialParam(c.trialId, "optimizer", 2, LAYERS);
    });

    it("enqueued trials are WAITING and popWaitingTrial claims the oldest, once", async () => {
      const s = await make();
      const st = await s.createStudy(uniqueName("queue"), ["minimize"]);
      assert.equal(await s.popWaitingTrial(st.studyId), null);
      const w0 = await s.createTrial(st.studyId, { state: "WAITING", params: { lr: 0.1 }, userAttrs: { from: "enqueue" } });
      await s.createTrial(st.studyId, { state: "WAITING", params: { lr: 0.2 } });
      assert.equal(w0.state, "WAITING");
      assert.equal(w0.datetimeStart, null);
      const p0 = await s.popWaitingTrial(st.studyId);
      assert.equal(p0?.trialId, w0.trialId);
      assert.equal(p0?.state, "RUNNING");
      assert.deepEqual(p0?.params, { lr: 0.1 });
      assert.deepEqual(p0?.userAttrs, { from: "enqueue" });
      assert.ok(p0?.datetimeStart !== null);
      const p1 = await s.popWaitingTrial(st.studyId);
      assert.equal(p1?.number, 1);
      assert.equal(await s.popWaitingTrial(st.studyId), null);
    });

    it("concurrent createTrial and popWaitingTrial calls get unique numbers and distinct trials", async () => {
      const s = await make();
      const st = await s.createStudy(uniqueName("race"), ["minimize"]);
      const made = await Promise.all(Array.from({ length: 12 }, () => s.createTrial(st.studyId, { state: "WAITING" })));
      assert.deepEqual(made.map((t) => t.number).sort((a, b) => a - b), [...Array(12).keys()]);
      const popped = await Promise.all(Array.from({ length: 15 }, () => s.popWaitingTrial(st.studyId)));
      const ids = popped.filter((t) => t !== null).map((t) => t!.trialId);
      assert.equal(ids.length, 12);
      assert.equal(new Set(ids).size, 12);
    });

    it("failStaleTrials fails RUNNING trials without a recent heartbeat, not fresh or finished ones", async () => {
      const s = await make();
      const st = await s.createStudy(uniqueName("stale"), ["minimize"]);
      const old = await s.createTrial(st.studyId);
      const done = await s.createTrial(st.studyId);
      await s.finishTrial(done.trialId, "COMPLETE", [1]);
      await new Promise((r) => setTimeout(r, 400));
      const fresh = await s.createTrial(st.studyId);
      const beating = await s.createTrial(st.studyId);
      await s.recordHeartbeat(beating.trialId);
      assert.deepEqual(await s.failStaleTrials(st.studyId, 250), [old.trialId]);
      const o = await s.getTrial(old.trialId);
      assert.equal(o.state, "FAIL");
      assert.equal(o.failReason, "heartbeat lost");
      assert.equal((await s.getTrial(fresh.trialId)).state, "RUNNING");
      assert.equal((await s.getTrial(done.trialId)).state, "COMPLETE");
      assert.deepEqual(await s.failStaleTrials(st.studyId, 250), []);
      await rejectsWith(s.finishTrial(old.trialId, "COMPLETE", [2]), "TRIAL_FINISHED");
    });

    it("unknown ids are STUDY_NOT_FOUND / TRIAL_NOT_FOUND", async () => {
      const s = await make();
      await rejectsWith(s.createTrial(987654), "STUDY_NOT_FOUND", /987654/);
      await rejectsWith(s.getTrial(987654), "TRIAL_NOT_FOUND", /987654/);
      await rejectsWith(s.finishTrial(987654, "COMPLETE", [1]), "TRIAL_NOT_FOUND");
      await rejectsWith(s.setTrialUserAttr(987654, "k", 1), "TRIAL_NOT_FOUND");
    });
  });
}
