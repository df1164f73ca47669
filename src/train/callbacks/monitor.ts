/** @file The monitored-value logic shared by EarlyStopping, ModelCheckpoint and ReduceLROnPlateau: mode, minDelta, and a warning when the key is never logged. */
import type { Logs } from "./callback.ts";

export type MonitorMode = "auto" | "min" | "max";

/** "max" for accuracies, AUCs and F-scores, else "min" (Keras's auto). */
export function resolveMode(monitor: string, mode: MonitorMode, who: string): "min" | "max" {
  if (mode !== "auto" && mode !== "min" && mode !== "max") throw new RangeError(`${who}: mode must be "auto", "min" or "max", got ${JSON.stringify(mode)}`);
  if (mode !== "auto") return mode;
  return /acc|auc|f1|fscore|precision|recall|r2/.test(monitor) ? "max" : "min";
}

/** The monitored value, or undefined after warning (once per callback) with the keys that are logged. */
export function monitored(logs: Logs, monitor: string, who: string, warned: { done: boolean }): number | undefined {
  const v = logs[monitor];
  if (v !== undefined) return v;
  if (!warned.done) {
    warned.done = true;
    console.warn(`${who}: the monitored metric "${monitor}" is not logged, so it does nothing. Logged metrics: ${Object.keys(logs).join(", ") || "(none)"}.` +
      (monitor.startsWith("val_") ? " (val_ metrics need validationData or validationSplit.)" : ""));
  }
  return undefined;
}

/** Is `current` better than `best` by more than minDelta? */
export const improves = (mode: "min" | "max", current: number, best: number, minDelta: number): boolean =>
  mode === "min" ? current + Math.abs(minDelta) < best : current - Math.abs(minDelta) > best;
