/**
 * @file One tfevents file being written: named events.out.tfevents.<unix secs>.<hostname>.<pid>.<n><suffix>, opened
 * with the file_version "brain.Event:2" event, records queued and appended on flush (queue full, every flushSecs, close,
 * process exit). Appends only: a crash can cut the last record short, which readers skip.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { encodeEvent, type EventData } from "./event-proto.ts";
import { encodeRecord } from "./record.ts";

export const FILE_VERSION = "brain.Event:2";

let fileCounter = 0;
const openWriters = new Set<EventFileWriter>();
let exitHooked = false;
function flushAllOnExit(): void {
  for (const w of openWriters) {
    try { w.flush(); } catch { /* exiting: nothing left to report to */ }
  }
}

export interface EventFileOptions {
  /** pending events that force a flush (PyTorch's max_queue, default 10) */
  maxQueue?: number;
  /** seconds between background flushes (default 120) */
  flushSecs?: number;
  filenameSuffix?: string;
  /** the `writer` of the first event's SourceMetadata */
  sourceWriter?: string;
}

export class EventFileWriter {
  readonly logDir: string;
  readonly path: string;
  readonly #maxQueue: number;
  #queue: Uint8Array[] = [];
  #fd: number | null;
  #timer: NodeJS.Timeout | null = null;

  constructor(logDir: string, opts: EventFileOptions = {}) {
    const maxQueue = opts.maxQueue ?? 10, flushSecs = opts.flushSecs ?? 120;
    if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new RangeError(`SummaryWriter: maxQueue must be a non-negative integer, got ${maxQueue}`);
    if (!(flushSecs > 0)) throw new RangeError(`SummaryWriter: flushSecs must be a positive number of seconds, got ${flushSecs}`);
    const suffix = opts.filenameSuffix ?? "";
    if (/[\\/]/.test(suffix)) throw new RangeError(`SummaryWriter: filenameSuffix must not contain a path separator, got "${suffix}"`);
    this.logDir = logDir;
    this.#maxQueue = maxQueue;
    mkdirSync(logDir, { recursive: true });
    const now = Date.now() / 1000;
    const name = `events.out.tfevents.${String(Math.floor(now)).padStart(10, "0")}.${hostname()}.${process.pid}.${fileCounter++}${suffix}`;
    this.path = join(logDir, name);
    this.#fd = openSync(this.path, "a");
    openWriters.add(this);
    if (!exitHooked) { process.once("exit", flushAllOnExit); exitHooked = true; }
    this.add({ wallTime: now, step: 0, fileVersion: FILE_VERSION, sourceWriter: opts.sourceWriter });
    this.flush();
    this.#timer = setInterval(() => this.flush(), flushSecs * 1000);
    this.#timer.unref();
  }

  get closed(): boolean {
    return this.#fd === null;
  }

  /** Queues one event; flushes when the queue holds maxQueue events. */
  add(event: EventData): void {
    if (this.#fd === null) throw new Error(`SummaryWriter: ${this.path} is closed`);
    this.#queue.push(encodeRecord(encodeEvent(event)));
    if (this.#queue.length >= this.#maxQueue) this.flush();
  }

  /** Appends the queued records to the file. */
  flush(): void {
    if (this.#fd === null || this.#queue.length === 0) return;
    const total = this.#queue.reduce((n, r) => n + r.length, 0), all = new Uint8Array(total);
    let at = 0;
    for (const r of this.#queue) { all.set(r, at); at += r.length; }
    this.#queue = [];
    for (let done = 0; done < all.length; ) done += writeSync(this.#fd, all, done, all.length - done);
  }

  /** Flushes, fsyncs and closes the file. */
  close(): void {
    if (this.#fd === null) return;
    this.flush();
    if (this.#timer) clearInterval(this.#timer);
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    this.#fd = null;
    openWriters.delete(this);
  }
}
