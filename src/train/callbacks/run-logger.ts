/**
 * @file RunLogger: scalars per step and per epoch as JSON lines in a run folder, for the dashboard:
 * `<dir>/scalars.jsonl` holds `{"scope":"step"|"epoch","step":…,"epoch":…,"tag":"loss","value":…,"time":…}`
 * and `<dir>/run.json` the run's settings.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Callback, type Logs } from "./callback.ts";

export interface RunLoggerOptions {
  /** Log batch scalars every n optimizer steps (default 1; 0 for epoch scalars only). */
  everySteps?: number;
  /** Extra settings stored in run.json (e.g. hyper-parameters). */
  config?: Record<string, unknown>;
}

export class RunLogger extends Callback {
  readonly everySteps: number;
  readonly config: Record<string, unknown>;
  readonly scalarsPath: string;

  constructor(readonly dir: string, opts: RunLoggerOptions = {}) {
    super();
    this.everySteps = opts.everySteps ?? 1;
    if (!Number.isInteger(this.everySteps) || this.everySteps < 0) throw new RangeError(`RunLogger: everySteps must be a non-negative integer, got ${opts.everySteps}`);
    this.config = opts.config ?? {};
    this.scalarsPath = join(dir, "scalars.jsonl");
  }

  #write(scope: "step" | "epoch", logs: Logs): void {
    const time = Date.now() / 1000, step = this.run.globalStep, epoch = this.run.epoch;
    const lines = Object.entries(logs).filter(([k]) => k !== "size").map(([tag, value]) => JSON.stringify({ scope, step, epoch, tag, value: Number.isFinite(value) ? value : String(value), time }));
    if (lines.length) appendFileSync(this.scalarsPath, lines.join("\n") + "\n");
  }

  override onTrainBegin(): void {
    mkdirSync(this.dir, { recursive: true });
    const p = this.run.params;
    writeFileSync(join(this.dir, "run.json"), JSON.stringify({ startedAt: new Date().toISOString(), epochs: p.epochs, stepsPerEpoch: p.steps, metrics: p.metrics, config: this.config }, null, 2) + "\n");
    if (this.run.epoch === 0) writeFileSync(this.scalarsPath, "");
  }
  override onBatchEnd(_batch: number, logs: Logs): void {
    if (this.everySteps && this.run.globalStep % this.everySteps === 0) this.#write("step", logs);
  }
  override onEpochEnd(_epoch: number, logs: Logs): void {
    this.#write("epoch", logs);
  }
}
