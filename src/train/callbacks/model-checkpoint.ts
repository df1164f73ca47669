/**
 * @file ModelCheckpoint: after each epoch, save the weights or a full training checkpoint to a file
 * named by a pattern (`"ckpt/epoch{epoch:02d}-{val_loss:.4f}.safetensors"`), always or only on improvement.
 * Files are written atomically (temp file in the same folder, fsync, rename).
 */
import { serialize } from "../../io/safetensors.ts";
import { atomicWrite } from "../../io/atomic.ts";
import { Callback, type Logs } from "./callback.ts";
import { improves, monitored, resolveMode, type MonitorMode } from "./monitor.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const MODEL_CHECKPOINT_OPTIONS = optionKeys<ModelCheckpointOptions>({ monitor: 1, mode: 1, saveBestOnly: 1, saveWeightsOnly: 1, verbose: 1 });

export interface ModelCheckpointOptions {
  /** The log key compared for saveBestOnly (default "val_loss"). */
  monitor?: string;
  mode?: MonitorMode;
  /** Save only when the monitored value improved (default false: every epoch). */
  saveBestOnly?: boolean;
  /** Save only the model's state dict (default false: model, optimizer, scheduler, epoch/step, RNG, history: resumable). */
  saveWeightsOnly?: boolean;
  /** Print a line on each save (default false). */
  verbose?: boolean;
}

/**
 * Fills a Python-style pattern from the epoch (1-based, as Keras) and the logs: `{epoch}`, `{epoch:03d}`,
 * `{val_loss:.4f}`. An unknown key lists the keys there are.
 */
export function formatCheckpointPath(pattern: string, epoch: number, logs: Logs): string {
  const values: Record<string, number> = { ...logs, epoch: epoch + 1 };
  return pattern.replace(/\{([A-Za-z_][\w]*)(?::(0?)(\d*)(?:\.(\d+))?([df]))?\}/g, (_m, key: string, zero: string, width: string, prec: string, type: string) => {
    const v = values[key];
    if (v === undefined) throw new RangeError(`ModelCheckpoint: the file pattern uses {${key}}, which is not logged; available: epoch, ${Object.keys(logs).join(", ")}`);
    let s = type === "d" ? String(Math.trunc(v)) : type === "f" ? v.toFixed(prec ? Number(prec) : 6) : String(v);
    if (width) s = s.padStart(Number(width), zero ? "0" : " ");
    return s;
  });
}

export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly mode: "min" | "max";
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly verbose: boolean;
  best: number;
  /** The files written, in order. */
  readonly saved: string[] = [];
  #warned = { done: false };

  constructor(readonly filepath: string, opts: ModelCheckpointOptions = {}) {
    super();
    if (typeof filepath !== "string" || !filepath) throw new TypeError("ModelCheckpoint: filepath must be a non-empty string (a pattern such as \"ckpt/epoch{epoch:02d}.safetensors\")");
    checkOptions("ModelCheckpoint", opts, MODEL_CHECKPOINT_OPTIONS);
    this.monitor = opts.monitor ?? "val_loss";
    this.mode = resolveMode(this.monitor, opts.mode ?? "auto", "ModelCheckpoint");
    this.saveBestOnly = opts.saveBestOnly ?? false;
    this.saveWeightsOnly = opts.saveWeightsOnly ?? false;
    this.verbose = opts.verbose ?? false;
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (this.saveBestOnly) {
      const current = monitored(logs, this.monitor, "ModelCheckpoint", this.#warned);
      if (current === undefined || !improves(this.mode, current, this.best, 0)) return;
      if (this.verbose) console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving the model`);
      this.best = current;
    }
    const path = formatCheckpointPath(this.filepath, epoch, logs);
    if (this.saveWeightsOnly) atomicWrite(path, serialize(this.run.model.stateDict(), { epoch: String(epoch + 1) }));
    else this.run.saveCheckpoint(path);
    this.saved.push(path);
    if (this.verbose && !this.saveBestOnly) console.log(`Epoch ${epoch + 1}: saving the model to ${path}`);
  }

  override stateDict(): Record<string, unknown> {
    return { best: this.best };
  }
  override loadStateDict(s: Record<string, unknown>): void {
    this.best = s.best as number;
  }
}
