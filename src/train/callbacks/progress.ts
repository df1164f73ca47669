/**
 * @file ProgressBar: Keras's per-epoch progress output. On a terminal a bar redrawn in place (drawn by
 * cli-progress) with steps done/total, elapsed, ETA and the running loss and metrics; otherwise plain
 * lines (one every `lineEvery` seconds and one per epoch). fit() adds it unless `verbose: 0`.
 */
import cliProgress from "cli-progress";
import { Callback, type Logs } from "./callback.ts";

export interface ProgressBarOptions {
  /** 1: a bar per epoch (plain lines off a terminal); 2: one line per epoch. */
  verbose?: 1 | 2;
  /** Where to write (default process.stdout); its `isTTY` picks the bar or plain lines. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Off a terminal with verbose 1: seconds between progress lines (default 10). */
  lineEvery?: number;
}

/** "1m 05s", "12s", "350ms". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60), s = Math.round(seconds % 60);
  return m < 60 ? `${m}m ${String(s).padStart(2, "0")}s` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** "loss: 0.4321 - accuracy: 0.8765" (lr left out, it has its own callbacks). */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs).filter(([k]) => k !== "lr" && k !== "size").map(([k, v]) => `${k}: ${Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3)}`).join(" - ");
}

export class ProgressBar extends Callback {
  readonly verbose: 1 | 2;
  readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly lineEvery: number;
  #bar: cliProgress.SingleBar | null = null;
  #start = 0;
  #lastLine = 0;
  #steps = 0;

  constructor(opts: ProgressBarOptions = {}) {
    super();
    this.verbose = opts.verbose ?? 1;
    this.stream = opts.stream ?? process.stdout;
    this.lineEvery = opts.lineEvery ?? 10;
  }

  get #tty(): boolean {
    return this.stream.isTTY === true;
  }
  #prefix(epoch: number): string {
    return `Epoch ${epoch + 1}/${this.run.params.epochs}`;
  }

  override onEpochBegin(epoch: number): void {
    this.#start = this.#lastLine = performance.now();
    this.#steps = this.run.params.steps;
    if (this.verbose !== 1) return;
    if (!this.#tty) return void this.stream.write(`${this.#prefix(epoch)}\n`);
    this.stream.write(`${this.#prefix(epoch)}\n`);
    const width = String(this.#steps).length;
    this.#bar = new cliProgress.SingleBar({
      stream: this.stream, hideCursor: false, gracefulExit: false, barsize: 30, fps: 10, etaBuffer: 50,
      barCompleteChar: "=", barIncompleteChar: ".",
      format: (options, params, payload: { text?: string }) => {
        const done = Math.round(params.progress * (options.barsize ?? 30));
        const bar = `${"=".repeat(Math.max(0, done - 1))}${done > 0 ? (params.value >= params.total ? "=" : ">") : ""}`.padEnd(options.barsize ?? 30, ".");
        const elapsed = (Date.now() - params.startTime) / 1000;
        const time = params.value >= params.total ? `${formatDuration(elapsed)} ${formatDuration(elapsed / Math.max(1, params.value))}/step` : `ETA: ${formatDuration(params.eta)}`;
        return `${String(params.value).padStart(width)}/${params.total} [${bar}] - ${time}${payload.text ? ` - ${payload.text}` : ""}`;
      },
    });
    this.#bar.start(this.#steps, 0, { text: "" });
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    if (this.verbose !== 1) return;
    if (this.#bar) return this.#bar.update(batch + 1, { text: formatLogs(logs) });
    const now = performance.now();
    if (now - this.#lastLine >= this.lineEvery * 1000 && batch + 1 < this.#steps) {
      this.#lastLine = now;
      const elapsed = (now - this.#start) / 1000, eta = (elapsed / (batch + 1)) * (this.#steps - batch - 1);
      this.stream.write(`${batch + 1}/${this.#steps} - ${formatDuration(elapsed)} - ETA: ${formatDuration(eta)} - ${formatLogs(logs)}\n`);
    }
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const elapsed = (performance.now() - this.#start) / 1000;
    if (this.#bar) {
      this.#bar.update(this.#steps, { text: formatLogs(logs) });
      this.#bar.stop();
      this.#bar = null;
      return;
    }
    const perStep = formatDuration(elapsed / Math.max(1, this.#steps));
    const head = this.verbose === 2 ? `${this.#prefix(epoch)} - ` : "";
    this.stream.write(`${head}${this.#steps}/${this.#steps} - ${formatDuration(elapsed)} ${perStep}/step - ${formatLogs(logs)}\n`);
  }

  override onTrainEnd(): void {
    this.#bar?.stop();
    this.#bar = null;
  }
}
