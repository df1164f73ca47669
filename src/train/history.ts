/** @file History: what fit() returns, every epoch's logs by key (`history.history.loss`, `history.history.val_accuracy`), as Keras's. */
import type { Logs } from "./callbacks/callback.ts";

export class History {
  /** One array per log key (loss, val_loss, each metric, lr), one value per epoch. */
  history: Record<string, number[]> = {};
  /** The epoch numbers (0-based) the values belong to. */
  epoch: number[] = [];
  /** The settings of the fit() that produced it. */
  params: Record<string, unknown> = {};

  /** Appends one epoch's logs (a key seen for the first time is padded with NaN for earlier epochs). */
  append(epoch: number, logs: Logs): void {
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= this.epoch.map(() => NaN)).push(v);
    this.epoch.push(epoch);
    for (const arr of Object.values(this.history)) while (arr.length < this.epoch.length) arr.push(NaN);
  }

  /** The keys logged so far. */
  get keys(): string[] {
    return Object.keys(this.history);
  }

  toJSON(): { history: Record<string, number[]>; epoch: number[] } {
    return { history: this.history, epoch: this.epoch };
  }
  static fromJSON(j: { history: Record<string, number[]>; epoch: number[] }): History {
    const h = new History();
    h.history = structuredClone(j.history);
    h.epoch = [...j.epoch];
    return h;
  }
}
