/** @file CSVLogger: one row per epoch (epoch, then the log keys in sorted order, as Keras) appended to a CSV file. */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Callback, type Logs } from "./callback.ts";

const quote = (s: string, sep: string): string => (s.includes(sep) || s.includes('"') || s.includes("\n") ? `"${s.replace(/"/g, '""')}"` : s);

export class CSVLogger extends Callback {
  readonly separator: string;
  readonly append: boolean;
  #keys: string[] | null = null;

  constructor(readonly filename: string, opts: { separator?: string; append?: boolean } = {}) {
    super();
    this.separator = opts.separator ?? ",";
    this.append = opts.append ?? false;
  }

  override onTrainBegin(): void {
    mkdirSync(dirname(this.filename), { recursive: true });
    this.#keys = null;
    const resumed = this.run.epoch > 0 || this.append;
    if (resumed && existsSync(this.filename)) {
      const header = readFileSync(this.filename, "utf8").split("\n")[0];
      if (header) this.#keys = header.split(this.separator).slice(1);
    } else writeFileSync(this.filename, "");
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.#keys) {
      this.#keys = Object.keys(logs).sort();
      appendFileSync(this.filename, ["epoch", ...this.#keys].map((k) => quote(k, this.separator)).join(this.separator) + "\n");
    }
    const row = [String(epoch), ...this.#keys.map((k) => (logs[k] === undefined ? "" : String(logs[k])))];
    appendFileSync(this.filename, row.join(this.separator) + "\n");
  }
}
