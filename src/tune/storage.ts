/**
 * @file The storage contract of lw.tune: studies and their trials, as Optuna's BaseStorage but async
 * (PostgreSQL is async in Node). Memory, the tracking SQLite store and PostgreSQL implement it.
 */

export type StudyDirection = "minimize" | "maximize";
export type TrialState = "RUNNING" | "COMPLETE" | "PRUNED" | "FAIL" | "WAITING";
export type ParamValue = number | string | boolean | null;
/** JSON-serialisable; user and system attributes. */
export type AttrValue = null | boolean | number | string | AttrValue[] | { [key: string]: AttrValue };

/** A search space of one parameter, as Optuna's distributions (JSON-serialisable). */
export type Distribution =
  | { type: "float"; low: number; high: number; log: boolean; step: number | null }
  | { type: "int"; low: number; high: number; log: boolean; step: number }
  | { type: "categorical"; choices: ParamValue[] };

export interface StudySummary {
  studyId: number;
  studyName: string;
  directions: StudyDirection[];
  userAttrs: Record<string, AttrValue>;
  systemAttrs: Record<string, AttrValue>;
  /** Tracking experiment id when the storage is the tracking store, else null. */
  experimentId: string | null;
}

/** A trial as stored: everything a sampler or pruner may read. */
export interface FrozenTrial {
  trialId: number;
  /** 0, 1, 2, … within the study, in creation order. */
  number: number;
  state: TrialState;
  /** One per direction; null unless COMPLETE. */
  values: number[] | null;
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  /** step → value, as reported by trial.report. */
  intermediateValues: Record<number, number>;
  userAttrs: Record<string, AttrValue>;
  systemAttrs: Record<string, AttrValue>;
  /** ms since epoch. */
  datetimeStart: number | null;
  datetimeComplete: number | null;
  /** Why a FAIL or PRUNED trial ended (exception message, "NaN objective", "heartbeat lost", ...). */
  failReason: string | null;
  /** Tracking run id of this trial when the storage is the tracking store, else null. */
  runId: string | null;
}

/** Params fixed in advance (study.enqueueTrial) become a WAITING trial. */
export interface TrialTemplate {
  params?: Record<string, ParamValue>;
  userAttrs?: Record<string, AttrValue>;
}

export interface TuneStorage {
  /** Creates a study; throws TuneError "DUPLICATED_STUDY" if the name exists. */
  createStudy(studyName: string, directions: StudyDirection[]): Promise<StudySummary>;
  /** The study of that name, or null. */
  getStudy(studyName: string): Promise<StudySummary | null>;
  listStudies(): Promise<StudySummary[]>;
  deleteStudy(studyId: number): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: AttrValue): Promise<void>;
  setStudySystemAttr(studyId: number, key: string, value: AttrValue): Promise<void>;

  /** A new trial: RUNNING (state omitted) or WAITING (enqueued); the number is assigned atomically. */
  createTrial(studyId: number, template?: TrialTemplate & { state?: "RUNNING" | "WAITING" }): Promise<FrozenTrial>;
  /** Atomically claims the oldest WAITING trial (→ RUNNING, start time set), or null; safe across processes. */
  popWaitingTrial(studyId: number): Promise<FrozenTrial | null>;
  /**
   * Records a sampled value; throws TuneError "INCOMPATIBLE_DISTRIBUTION" naming the parameter when the
   * study already has that name with another distribution (categorical choices changed, int vs float, ...).
   */
  setTrialParam(trialId: number, name: string, value: ParamValue, distribution: Distribution): Promise<void>;
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: AttrValue): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: AttrValue): Promise<void>;
  /** Ends a RUNNING trial; throws TuneError "TRIAL_FINISHED" if it already ended. */
  finishTrial(trialId: number, state: "COMPLETE" | "PRUNED" | "FAIL", values: number[] | null, failReason?: string): Promise<void>;
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** All trials of the study in number order, optionally only those states. */
  getAllTrials(studyId: number, opts?: { states?: TrialState[] }): Promise<FrozenTrial[]>;

  /** Marks the trial alive now (workers call it every heartbeatInterval). */
  recordHeartbeat(trialId: number): Promise<void>;
  /** RUNNING trials whose last heartbeat is older than graceMs become FAIL ("heartbeat lost"); returns their ids. */
  failStaleTrials(studyId: number, graceMs: number): Promise<number[]>;

  close(): Promise<void>;
}

export type TuneErrorCode = "DUPLICATED_STUDY" | "STUDY_NOT_FOUND" | "TRIAL_NOT_FOUND" | "TRIAL_FINISHED" | "INCOMPATIBLE_DISTRIBUTION" | "INVALID_ARGUMENT" | "STORAGE_UNAVAILABLE";

/** Every lw.tune error: a code and a message naming the study, trial or parameter. */
export class TuneError extends Error {
  constructor(readonly code: TuneErrorCode, message: string) {
    super(message);
    this.name = "TuneError";
  }
}
