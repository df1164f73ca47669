/**
 * @file readTfevents: the events of a tfevents file, or of every event file in a folder, as typed values (scalars,
 * histograms, images, text, hparams, other tensors). Lengths and CRCs are checked; corruption throws naming the file
 * and byte offset; a last record cut short (a writer killed mid-write) is skipped with a warning, as TensorBoard does.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DT, decodeEvent, type HistogramData, type ImageData, type SessionStatus, type SummaryValueData, type TensorData } from "./event-proto.ts";
import { HPARAMS_PLUGIN, decodeHParamsPluginData, type HParamsData } from "./hparams-proto.ts";
import { ProtoDecodeError } from "./protobuf.ts";
import { TfRecordError, readRecords } from "./record.ts";

interface EventBase {
  /** the event file */
  file: string;
  /** byte offset of the event's record in the file */
  offset: number;
  /** seconds since the epoch */
  wallTime: number;
  step: number;
}

/** A summary value, by kind. */
export type TfSummaryValue =
  | { kind: "scalar"; tag: string; value: number }
  | { kind: "histogram"; tag: string; histogram: HistogramData }
  | { kind: "image"; tag: string; image: ImageData }
  | { kind: "text"; tag: string; text: string }
  | { kind: "hparams"; tag: string; hparams: HParamsData }
  | { kind: "tensor"; tag: string; pluginName: string; tensor: TensorData };

/** One event of a tfevents file; a Summary with several values gives one of these per value. */
export type TfEvent = EventBase & (
  | { kind: "fileVersion"; version: string; sourceWriter?: string }
  | { kind: "sessionLog"; status: SessionStatus; checkpointPath: string; msg: string }
  | { kind: "graph"; graphDef: Uint8Array }
  | TfSummaryValue
);

export interface ReadTfeventsOptions {
  /** called for a skipped truncated tail (default: process.emitWarning) */
  onWarning?: (message: string) => void;
}

const utf8 = new TextDecoder();

/** True for names TensorBoard treats as event files. */
export const isEventFileName = (name: string) => name.includes("tfevents");

/** The event files directly in `dir`, sorted by name (the writer's start time comes first in the name). */
export function eventFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && isEventFileName(d.name))
    .map((d) => join(dir, d.name))
    .sort();
}

/** The numbers of a float/double/int tensor, from its repeated field or its raw content. */
function tensorNumbers(t: TensorData): number[] {
  if (t.floats?.length) return t.floats;
  if (t.doubles?.length) return t.doubles;
  if (t.ints?.length) return t.ints;
  const c = t.content;
  if (!c || c.length === 0) return [];
  const view = new DataView(c.buffer, c.byteOffset, c.byteLength), out: number[] = [];
  const width = t.dtype === DT.double || t.dtype === DT.int64 ? 8 : 4;
  for (let i = 0; i + width <= c.length; i += width) {
    out.push(t.dtype === DT.double ? view.getFloat64(i, true) : t.dtype === DT.int32 ? view.getInt32(i, true) : t.dtype === DT.int64 ? Number(view.getBigInt64(i, true)) : view.getFloat32(i, true));
  }
  return out;
}

/** A summary value as a typed event; `plugin` is the tag's plugin (metadata comes only with a tag's first value). */
function typedValue(v: SummaryValueData, plugin: string): TfSummaryValue {
  const tag = v.tag;
  if (v.simpleValue !== undefined) return { kind: "scalar", tag, value: v.simpleValue };
  if (v.histo) return { kind: "histogram", tag, histogram: v.histo };
  if (v.image) return { kind: "image", tag, image: v.image };
  if (plugin === HPARAMS_PLUGIN && v.metadata?.pluginData) return { kind: "hparams", tag, hparams: decodeHParamsPluginData(v.metadata.pluginData.content) };
  const t = v.tensor ?? { dtype: 0, shape: [] };
  if (plugin === "scalars" && (t.dtype === DT.float || t.dtype === DT.double)) {
    const nums = tensorNumbers(t);
    if (nums.length === 1) return { kind: "scalar", tag, value: nums[0] };
  }
  if (plugin === "text" && t.dtype === DT.string) return { kind: "text", tag, text: (t.strings ?? []).map((s) => utf8.decode(s)).join("\n") };
  if (plugin === "images" && t.dtype === DT.string && (t.strings?.length ?? 0) >= 3) {
    // TF2's image summary: [width, height, encoded image, ...] as strings
    const [w, h, encoded] = t.strings!;
    return { kind: "image", tag, image: { width: Number(utf8.decode(w)), height: Number(utf8.decode(h)), colorspace: 0, encoded } };
  }
  return { kind: "tensor", tag, pluginName: plugin, tensor: t };
}

/** The events of one event file. */
function* readFile(file: string, opts: ReadTfeventsOptions): Generator<TfEvent> {
  const warn = opts.onWarning ?? ((m: string) => process.emitWarning(m));
  const buf = readFileSync(file), plugins = new Map<string, string>();
  const truncated = (offset: number, have: number, need: number) =>
    warn(`readTfevents: ${file}: the last record, at byte offset ${offset}, is truncated (${have} of ${need} bytes): skipped (was the writer killed mid-write?)`);
  for (const { offset, data } of readRecords(buf, file, truncated)) {
    let ev;
    try {
      ev = decodeEvent(data);
    } catch (e) {
      if (e instanceof ProtoDecodeError) throw new TfRecordError(`the Event does not decode (at byte ${e.offset} of the record's data): ${e.message}`, file, offset);
      throw e;
    }
    const base: EventBase = { file, offset, wallTime: ev.wallTime, step: ev.step };
    if (ev.fileVersion !== undefined) yield { ...base, kind: "fileVersion", version: ev.fileVersion, ...(ev.sourceWriter !== undefined ? { sourceWriter: ev.sourceWriter } : {}) };
    if (ev.sessionLog) yield { ...base, kind: "sessionLog", ...ev.sessionLog };
    if (ev.graphDef) yield { ...base, kind: "graph", graphDef: ev.graphDef };
    for (const v of ev.summary ?? []) {
      const name = v.metadata?.pluginData?.pluginName;
      if (name) plugins.set(v.tag, name);
      try {
        yield { ...base, ...typedValue(v, plugins.get(v.tag) ?? "") };
      } catch (e) {
        if (e instanceof ProtoDecodeError) throw new TfRecordError(`the plugin data of tag "${v.tag}" does not decode: ${e.message}`, file, offset);
        throw e;
      }
    }
  }
}

/**
 * The events of a tfevents file, or of all event files directly in a folder (in name order).
 * @example for (const e of lw.track.readTfevents("runs/exp1")) if (e.kind === "scalar") console.log(e.tag, e.step, e.value);
 */
export function* readTfevents(fileOrDir: string, opts: ReadTfeventsOptions = {}): Generator<TfEvent> {
  let st;
  try {
    st = statSync(fileOrDir);
  } catch {
    throw new Error(`readTfevents: no such file or folder: ${fileOrDir}`);
  }
  const files = st.isDirectory() ? eventFilesIn(fileOrDir) : [fileOrDir];
  for (const f of files) yield* readFile(f, opts);
}
