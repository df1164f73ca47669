/**
 * @file InMemoryStorage: the TuneStorage of one process (the default of createStudy). Trials are deep-copied
 * in and out, so a caller never mutates stored state.
 */
import { checkDistributionCompatible } from "./distributions.ts";
import { checkFinish, checkStudyArgs } from "./storage-rows.ts";
import { TuneError, type AttrValue, type Distribution, type FrozenTrial, type ParamValue, type StudyDirection, type StudySummary, type TrialState, type TrialTemplate, type TuneStorage } from "./storage.ts";

interface StudyRecord {
  summary: StudySummary;
  trialIds: number[];
  /** param name → first distribution seen in the study. */
  distributions: Map<string, Distribution>;
}

const clone = <T>(x: T): T => structuredClone(x);

export class InMemoryStorage implements TuneStorage {
  private studies = new Map<number, StudyRecord>();
  private trials = new Map<number, FrozenTrial & { studyId: number; heartbeat: number | null }>();
  private nextStudyId = 0;
  private nextTrialId = 0;

  async createStudy(studyName: string, directions: StudyDirection[]): Promise<StudySummary> {
    checkStudyArgs("createStudy", studyName, directions);
    for (const s of this.studies.values()) {
      if (s.summary.studyName === studyName) throw new TuneError("DUPLICATED_STUDY", `createStudy: a study named "${studyName}" already exists`);
    }
    const summary: StudySummary = { studyId: this.nextStudyId++, studyName, directions: [...directions], userAttrs: {}, systemAttrs: {}, experimentId: null };
    this.studies.set(summary.studyId, { summary, trialIds: [], distributions: new Map() });
    return clone(summary);
  }

  async getStudy(studyName: string): Promise<StudySummary | null> {
    for (const s of this.studies.values()) if (s.summary.studyName === studyName) return clone(s.summary);
    return null;
  }

  async listStudies(): Promise<StudySummary[]> {
    return [...this.studies.values()].map((s) => clone(s.summary));
  }

  async deleteStudy(studyId: number): Promise<void> {
    const s = this.study(studyId);
    for (const id of s.trialIds) this.trials.delete(id);
    this.studies.delete(studyId);
  }

  async setStudyUserAttr(studyId: number, key: string, value: AttrValue): Promise<void> {
    this.study(studyId).summary.userAttrs[key] = clone(value);
  }

  async setStudySystemAttr(studyId: number, key: string, value: AttrValue): Promise<void> {
    this.study(studyId).summary.systemAttrs[key] = clone(value);
  }

  async createTrial(studyId: number, template: TrialTemplate & { state?: "RUNNING" | "WAITING" } = {}): Promise<FrozenTrial> {
    const s = this.study(studyId);
    const state = template.state ?? "RUNNING";
    const now = Date.now();
    const t = {
      trialId: this.nextTrialId++, number: s.trialIds.length, state, values: null, params: clone(template.params ?? {}), distributions: {},
      intermediateValues: {}, userAttrs: clone(template.userAttrs ?? {}), systemAttrs: {}, datetimeStart: state === "RUNNING" ? now : null,
      datetimeComplete: null, failReason: null, runId: null, studyId, heartbeat: state === "RUNNING" ? now : null,
    };
    this.trials.set(t.trialId, t);
    s.trialIds.push(t.trialId);
    return this.frozen(t);
  }

  async popWaitingTrial(studyId: number): Promise<FrozenTrial | null> {
    for (const id of this.study(studyId).trialIds) {
      const t = this.trials.get(id)!;
      if (t.state === "WAITING") {
        t.state = "RUNNING";
        t.datetimeStart = Date.now();
        t.heartbeat = t.datetimeStart;
        return this.frozen(t);
      }
    }
    return null;
  }

  async setTrialParam(trialId: number, name: string, value: ParamValue, distribution: Distribution): Promise<void> {
    const t = this.running(trialId, "setTrialParam");
    const s = this.study(t.studyId);
    const prev = s.distributions.get(name);
    if (prev) checkDistributionCompatible(name, prev, distribution);
    else s.distributions.set(name, clone(distribution));
    t.params[name] = value;
    t.distributions[name] = clone(distribution);
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    this.running(trialId, "setTrialIntermediateValue").intermediateValues[step] = value;
  }

  async setTrialUserAttr(trialId: number, key: string, value: AttrValue): Promise<void> {
    this.trial(trialId).userAttrs[key] = clone(value);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: AttrValue): Promise<void> {
    this.trial(trialId).systemAttrs[key] = clone(value);
  }

  async finishTrial(trialId: number, state: "COMPLETE" | "PRUNED" | "FAIL", values: number[] | null, failReason?: string): Promise<void> {
    const t = this.trial(trialId);
    const study = this.studies.get(t.studyId);
    checkFinish("finishTrial", t, study ? study.summary.directions.length : 1, state, values);
    t.state = state;
    t.values = state === "COMPLETE" && values ? [...values] : null;
    t.failReason = failReason ?? null;
    t.datetimeComplete = Date.now();
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.frozen(this.trial(trialId));
  }

  async getAllTrials(studyId: number, opts: { states?: TrialState[] } = {}): Promise<FrozenTrial[]> {
    const out: FrozenTrial[] = [];
    for (const id of this.study(studyId).trialIds) {
      const t = this.trials.get(id)!;
      if (!opts.states || opts.states.includes(t.state)) out.push(this.frozen(t));
    }
    return out;
  }

  async recordHeartbeat(trialId: number): Promise<void> {
    this.trial(trialId).heartbeat = Date.now();
  }

  async failStaleTrials(studyId: number, graceMs: number): Promise<number[]> {
    const now = Date.now();
    const failed: number[] = [];
    for (const id of this.study(studyId).trialIds) {
      const t = this.trials.get(id)!;
      if (t.state === "RUNNING" && t.heartbeat !== null && now - t.heartbeat > graceMs) {
        t.state = "FAIL";
        t.failReason = "heartbeat lost";
        t.datetimeComplete = now;
        failed.push(id);
      }
    }
    return failed;
  }

  async close(): Promise<void> {}

  private study(studyId: number): StudyRecord {
    const s = this.studies.get(studyId);
    if (!s) throw new TuneError("STUDY_NOT_FOUND", `InMemoryStorage: no study with id ${studyId}`);
    return s;
  }

  private trial(trialId: number): FrozenTrial & { studyId: number; heartbeat: number | null } {
    const t = this.trials.get(trialId);
    if (!t) throw new TuneError("TRIAL_NOT_FOUND", `InMemoryStorage: no trial with id ${trialId}`);
    return t;
  }

  private running(trialId: number, fn: string): FrozenTrial & { studyId: number; heartbeat: number | null } {
    const t = this.trial(trialId);
    if (t.state !== "RUNNING") throw new TuneError("TRIAL_FINISHED", `${fn}: trial ${t.number} is ${t.state}, not RUNNING`);
    return t;
  }

  private frozen(t: FrozenTrial & { studyId: number; heartbeat: number | null }): FrozenTrial {
    const { studyId: _s, heartbeat: _h, ...rest } = t;
    return clone(rest);
  }
}
