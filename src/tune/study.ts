/**
 * @file Study: createStudy, optimize (nTrials, timeout, nJobs concurrent async objectives, catch, callbacks),
 * ask/tell, enqueueTrial, bestTrial and the Pareto front bestTrials, as Optuna's Study but async.
 */
import { dominates } from "./pareto.ts";
import { MedianPruner } from "./pruners/median.ts";
import type { Pruner } from "./pruners/base.ts";
import type { Sampler, SamplerContext } from "./samplers/base.ts";
import { signed } from "./samplers/base.ts";
import { TPESampler } from "./samplers/tpe.ts";
import { NSGAIISampler } from "./samplers/nsga2.ts";
import { InMemoryStorage } from "./storage-memory.ts";
import { TuneError, type AttrValue, type FrozenTrial, type ParamValue, type StudyDirection, type StudySummary, type TuneStorage } from "./storage.ts";
import { Trial, TrialPruned, type TrialHost } from "./trial.ts";

export interface CreateStudyOptions {
  direction?: StudyDirection;
  directions?: StudyDirection[];
  /** Default: TPESampler for one objective, NSGAIISampler for several (as Optuna). */
  sampler?: Sampler;
  /** Default: MedianPruner. */
  pruner?: Pruner;
  /** Default: a new InMemoryStorage. */
  storage?: TuneStorage;
  studyName?: string;
  /** Load the study of that name instead of failing with DUPLICATED_STUDY. */
  loadIfExists?: boolean;
}

export type ObjectiveValue = number | number[];
export type Objective = (trial: Trial) => ObjectiveValue | Promise<ObjectiveValue>;
export type StudyCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

export interface OptimizeOptions {
  nTrials?: number;
  /** Seconds; no new trial starts after it. */
  timeout?: number;
  /** Trials run concurrently (async objectives interleave in this process). Default 1. */
  nJobs?: number;
  /**
   * Which objective errors end the trial as FAIL and let the study go on: true (default: every error),
   * false (none: the trial is marked FAIL and the error is rethrown), or a list of error classes.
   */
  catch?: boolean | Array<abstract new (...args: never[]) => Error>;
  callbacks?: StudyCallback[];
}

export interface TellOptions {
  state?: "COMPLETE" | "PRUNED" | "FAIL";
  failReason?: string;
}

export async function createStudy(opts: CreateStudyOptions = {}): Promise<Study> {
  if (opts.direction && opts.directions) throw new TuneError("INVALID_ARGUMENT", "createStudy: give direction or directions, not both");
  const directions = opts.directions ?? [opts.direction ?? "minimize"];
  if (directions.length === 0) throw new TuneError("INVALID_ARGUMENT", "createStudy: directions must not be empty");
  for (const d of directions) if (d !== "minimize" && d !== "maximize") throw new TuneError("INVALID_ARGUMENT", `createStudy: direction must be "minimize" or "maximize", got ${JSON.stringify(d)}`);
  const storage = opts.storage ?? new InMemoryStorage();
  const studyName = opts.studyName ?? `no-name-${crypto.randomUUID()}`;
  let summary = await storage.getStudy(studyName);
  if (summary) {
    if (!opts.loadIfExists) throw new TuneError("DUPLICATED_STUDY", `createStudy: a study named "${studyName}" already exists (pass loadIfExists: true to load it)`);
    if (JSON.stringify(summary.directions) !== JSON.stringify(directions)) {
      throw new TuneError("INVALID_ARGUMENT", `createStudy: study "${studyName}" has directions ${JSON.stringify(summary.directions)}, asked for ${JSON.stringify(directions)}`);
    }
  } else {
    summary = await storage.createStudy(studyName, directions);
  }
  const sampler: Sampler = opts.sampler ?? (directions.length > 1 ? new NSGAIISampler() : new TPESampler());
  const study = new Study(storage, summary, sampler, opts.pruner ?? new MedianPruner());
  await study.refresh();
  return study;
}

/** Loads an existing study; TuneError STUDY_NOT_FOUND when there is none of that name. */
export async function loadStudy(studyName: string, storage: TuneStorage, opts: { sampler?: Sampler; pruner?: Pruner } = {}): Promise<Study> {
  const summary = await storage.getStudy(studyName);
  if (!summary) throw new TuneError("STUDY_NOT_FOUND", `loadStudy: no study named "${studyName}"`);
  return createStudy({ ...opts, storage, studyName, directions: summary.directions, loadIfExists: true });
}

export class Study {
  private known = new Map<number, FrozenTrial>();
  private running = new Map<number, Trial>();
  private stopped = false;
  private readonly host: TrialHost;

  constructor(readonly storage: TuneStorage, private summary: StudySummary, readonly sampler: Sampler, readonly pruner: Pruner) {
    this.host = {
      storage, sampler, pruner, studyName: summary.studyName, directions: summary.directions,
      samplerContext: (trial) => this.samplerContext(trial),
      liveTrials: () => this.trials,
    };
  }

  get studyName(): string { return this.summary.studyName; }
  get studyId(): number { return this.summary.studyId; }
  get directions(): StudyDirection[] { return [...this.summary.directions]; }
  get direction(): StudyDirection {
    if (this.summary.directions.length > 1) throw new TuneError("INVALID_ARGUMENT", `study "${this.studyName}": direction is ambiguous for a multi-objective study; use directions`);
    return this.summary.directions[0];
  }

  /** Trials as this process knows them (storage state at the last refresh, plus this process's running ones), by number. */
  get trials(): FrozenTrial[] {
    const all = new Map(this.known);
    for (const [id, t] of this.running) all.set(id, t.frozen);
    return [...all.values()].sort((a, b) => a.number - b.number);
  }

  /** Reloads every trial from the storage (other workers' trials included). */
  async refresh(): Promise<FrozenTrial[]> {
    const trials = await this.storage.getAllTrials(this.studyId);
    this.known = new Map(trials.map((t) => [t.trialId, t]));
    return this.trials;
  }

  async getTrials(opts: { states?: FrozenTrial["state"][] } = {}): Promise<FrozenTrial[]> {
    await this.refresh();
    return this.trials.filter((t) => !opts.states || opts.states.includes(t.state));
  }

  /** The best COMPLETE trial (single objective). */
  get bestTrial(): FrozenTrial {
    const dir = this.direction;
    let best: FrozenTrial | null = null;
    for (const t of this.trials) {
      if (t.state !== "COMPLETE" || !t.values) continue;
      if (best === null || signed(dir, t.values[0]) < signed(dir, best.values![0])) best = t;
    }
    if (!best) throw new TuneError("TRIAL_NOT_FOUND", `study "${this.studyName}": no trial is complete yet`);
    return best;
  }

  get bestValue(): number { return this.bestTrial.values![0]; }
  get bestParams(): Record<string, ParamValue> { return { ...this.bestTrial.params }; }

  /** The Pareto front: COMPLETE trials no other COMPLETE trial dominates. */
  get bestTrials(): FrozenTrial[] {
    const done = this.trials.filter((t) => t.state === "COMPLETE" && t.values);
    const pts = done.map((t) => t.values!.map((v, i) => signed(this.summary.directions[i], v)));
    return done.filter((_, i) => !pts.some((q, j) => j !== i && dominates(q, pts[i])));
  }

  async setUserAttr(key: string, value: AttrValue): Promise<void> {
    await this.storage.setStudyUserAttr(this.studyId, key, value);
    this.summary.userAttrs[key] = value;
  }

  get userAttrs(): Record<string, AttrValue> { return structuredClone(this.summary.userAttrs); }

  /** Fixes the params of a future trial (it runs before sampled ones). */
  async enqueueTrial(params: Record<string, ParamValue>, opts: { userAttrs?: Record<string, AttrValue> } = {}): Promise<void> {
    const t = await this.storage.createTrial(this.studyId, { params, userAttrs: opts.userAttrs, state: "WAITING" });
    this.known.set(t.trialId, t);
  }

  /** Stops optimize after the running trials finish. */
  stop(): void {
    this.stopped = true;
  }

  /** Starts a trial (an enqueued one first); suggest on it, then tell. */
  async ask(): Promise<Trial> {
    await this.refresh();
    const frozen = (await this.storage.popWaitingTrial(this.studyId)) ?? (await this.storage.createTrial(this.studyId));
    this.known.delete(frozen.trialId);
    const trial = new Trial(this.host, frozen);
    this.running.set(frozen.trialId, trial);
    return trial;
  }

  /**
   * Ends a trial: values (one per direction) make it COMPLETE; NaN or a wrong count makes it FAIL with the
   * reason; `{ state: "PRUNED" | "FAIL" }` ends it so. Returns the stored trial.
   */
  async tell(trial: Trial, values: ObjectiveValue | null, opts: TellOptions = {}): Promise<FrozenTrial> {
    if (!this.running.has(trial.trialId)) throw new TuneError("TRIAL_FINISHED", `tell: trial ${trial.number} of study "${this.studyName}" is not running in this study`);
    let state = opts.state ?? "COMPLETE";
    let reason = opts.failReason;
    let vals: number[] | null = null;
    if (state === "COMPLETE") {
      const arr = typeof values === "number" ? [values] : Array.isArray(values) ? values : null;
      if (!arr || arr.length !== this.summary.directions.length || arr.some((v) => typeof v !== "number")) {
        state = "FAIL";
        reason = `objective returned ${JSON.stringify(values)}; expected ${this.summary.directions.length} number(s)`;
      } else if (arr.some((v) => Number.isNaN(v))) {
        state = "FAIL";
        reason = "objective returned NaN";
      } else vals = [...arr];
    }
    try {
      await trial.flush();
    } catch (e) {
      state = "FAIL";
      reason = `storage write failed: ${e instanceof Error ? e.message : String(e)}`;
      vals = null;
    }
    await this.storage.finishTrial(trial.trialId, state, vals, reason);
    this.running.delete(trial.trialId);
    const stored = await this.storage.getTrial(trial.trialId);
    this.known.set(stored.trialId, stored);
    return stored;
  }

  async optimize(objective: Objective, opts: OptimizeOptions = {}): Promise<void> {
    const { nTrials, timeout, callbacks = [] } = opts;
    const nJobs = opts.nJobs ?? 1;
    const catchOpt = opts.catch ?? true;
    if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0)) throw new TuneError("INVALID_ARGUMENT", `optimize: nTrials must be an integer ≥ 0, got ${nTrials}`);
    if (timeout !== undefined && !(timeout > 0)) throw new TuneError("INVALID_ARGUMENT", `optimize: timeout must be > 0 seconds, got ${timeout}`);
    if (!(Number.isInteger(nJobs) && nJobs >= 1)) throw new TuneError("INVALID_ARGUMENT", `optimize: nJobs must be an integer ≥ 1, got ${nJobs}`);
    if (nTrials === undefined && timeout === undefined) throw new TuneError("INVALID_ARGUMENT", "optimize: give nTrials or timeout (or both)");
    this.stopped = false;
    const t0 = Date.now();
    let started = 0;
    let fatal: unknown = null;
    const caught = (e: unknown): boolean => catchOpt === true || (Array.isArray(catchOpt) && catchOpt.some((C) => e instanceof C));
    const worker = async (): Promise<void> => {
      for (;;) {
        if (this.stopped || fatal !== null) return;
        if (nTrials !== undefined && started >= nTrials) return;
        if (timeout !== undefined && Date.now() - t0 >= timeout * 1000) return;
        if (this.sampler.isExhausted?.(this.samplerContext(null))) return;
        started++;
        const trial = await this.ask();
        let stored: FrozenTrial;
        try {
          const value = await objective(trial);
          stored = await this.tell(trial, value);
        } catch (e) {
          if (e instanceof TrialPruned) {
            stored = await this.tell(trial, null, { state: "PRUNED", failReason: e.message });
          } else {
            const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
            stored = await this.tell(trial, null, { state: "FAIL", failReason: reason });
            if (!caught(e)) {
              fatal = e;
              return;
            }
          }
        }
        for (const cb of callbacks) await cb(this, stored);
      }
    };
    await Promise.all(Array.from({ length: nJobs }, worker));
    if (fatal !== null) throw fatal;
  }

  private samplerContext(trial: FrozenTrial | null): SamplerContext {
    return {
      studyName: this.studyName,
      directions: this.summary.directions,
      trials: this.trials.filter((t) => t.trialId !== trial?.trialId),
      setSystemAttr: (key, value) => {
        if (trial) this.running.get(trial.trialId)?.setSystemAttr(key, value) ?? (trial.systemAttrs[key] = value);
      },
    };
  }
}
