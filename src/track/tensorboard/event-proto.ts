/**
 * @file Encoders and decoders for the messages of tfevents files: Event, Summary, Summary.Value, Summary.Image,
 * HistogramProto, TensorProto, SummaryMetadata (field numbers of tensorflow's event.proto, summary.proto,
 * histogram.proto, tensor.proto). Fields are written in field-number order, defaults left out, as proto3 does.
 */
import { ProtoReader, ProtoWriter, fieldValue } from "./protobuf.ts";

/** TensorFlow DataType enum values used here (types.proto). */
export const DT = { float: 1, double: 2, int32: 3, string: 7, int64: 9 } as const;
/** SessionLog.SessionStatus (event.proto). */
export const SESSION_STATUS = ["STATUS_UNSPECIFIED", "START", "STOP", "CHECKPOINT"] as const;
export type SessionStatus = (typeof SESSION_STATUS)[number];

export interface HistogramData {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  /** right edge of each bucket (bucket 0 starts at -DBL_MAX) */
  bucketLimit: number[];
  bucket: number[];
}

export interface ImageData {
  height: number;
  width: number;
  /** 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA */
  colorspace: number;
  encoded: Uint8Array;
}

export interface TensorData {
  dtype: number;
  shape: number[];
  floats?: number[];
  doubles?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  /** raw little-endian content (tensor_content) */
  content?: Uint8Array;
}

export interface PluginData {
  pluginName: string;
  content: Uint8Array;
}

/** One Summary.Value: a tag and one of the value kinds. */
export interface SummaryValueData {
  tag: string;
  metadata?: { pluginData?: PluginData; displayName?: string; summaryDescription?: string; dataClass?: number };
  simpleValue?: number;
  image?: ImageData;
  histo?: HistogramData;
  tensor?: TensorData;
}

export interface EventData {
  wallTime: number;
  step: number;
  fileVersion?: string;
  graphDef?: Uint8Array;
  summary?: SummaryValueData[];
  sessionLog?: { status: SessionStatus; checkpointPath: string; msg: string };
  sourceWriter?: string;
}

// ---------------------------------------------------------------- encoding

export function encodeHistogram(w: ProtoWriter, h: HistogramData): void {
  w.doubleIfSet(1, h.min).doubleIfSet(2, h.max).doubleIfSet(3, h.num).doubleIfSet(4, h.sum).doubleIfSet(5, h.sumSquares);
  w.packedDoubles(6, h.bucketLimit).packedDoubles(7, h.bucket);
}

export function encodeImage(w: ProtoWriter, img: ImageData): void {
  w.varintIfSet(1, img.height).varintIfSet(2, img.width).varintIfSet(3, img.colorspace).bytesIfSet(4, img.encoded);
}

export function encodeTensor(w: ProtoWriter, t: TensorData): void {
  w.varintIfSet(1, t.dtype);
  w.message(2, (s) => { for (const d of t.shape) s.message(2, (dim) => dim.varintIfSet(1, d)); });
  if (t.content) w.bytesIfSet(4, t.content);
  if (t.floats) w.packedFloats(5, t.floats);
  if (t.doubles) w.packedDoubles(6, t.doubles);
  for (const s of t.strings ?? []) w.bytes(8, s);
}

export function encodeSummaryValue(w: ProtoWriter, v: SummaryValueData): void {
  w.stringIfSet(1, v.tag);
  if (v.simpleValue !== undefined) w.float(2, v.simpleValue);
  if (v.image) w.message(4, (s) => encodeImage(s, v.image!));
  if (v.histo) w.message(5, (s) => encodeHistogram(s, v.histo!));
  if (v.tensor) w.message(8, (s) => encodeTensor(s, v.tensor!));
  const md = v.metadata;
  if (md) {
    w.message(9, (m) => {
      if (md.pluginData) m.message(1, (p) => p.stringIfSet(1, md.pluginData!.pluginName).bytesIfSet(2, md.pluginData!.content));
      m.stringIfSet(2, md.displayName).stringIfSet(3, md.summaryDescription).varintIfSet(4, md.dataClass);
    });
  }
}

/** A serialized Event (the data of one record). */
export function encodeEvent(e: EventData): Uint8Array {
  const w = new ProtoWriter();
  w.doubleIfSet(1, e.wallTime).varintIfSet(2, e.step);
  if (e.fileVersion !== undefined) w.string(3, e.fileVersion);
  if (e.graphDef) w.bytes(4, e.graphDef);
  if (e.summary) w.message(5, (s) => { for (const v of e.summary!) s.message(1, (vw) => encodeSummaryValue(vw, v)); });
  if (e.sessionLog) {
    const log = e.sessionLog;
    w.message(7, (s) => s.varintIfSet(1, SESSION_STATUS.indexOf(log.status)).stringIfSet(2, log.checkpointPath).stringIfSet(3, log.msg));
  }
  if (e.sourceWriter !== undefined) w.message(10, (s) => s.stringIfSet(1, e.sourceWriter));
  return w.finish();
}

// ---------------------------------------------------------------- decoding (unknown fields are skipped, as protobuf does)

export function decodeHistogram(buf: Uint8Array): HistogramData {
  const h: HistogramData = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  for (const f of new ProtoReader(buf).fields()) {
    switch (f.field) {
      case 1: h.min = fieldValue.double(f); break;
      case 2: h.max = fieldValue.double(f); break;
      case 3: h.num = fieldValue.double(f); break;
      case 4: h.sum = fieldValue.double(f); break;
      case 5: h.sumSquares = fieldValue.double(f); break;
      case 6: h.bucketLimit.push(...fieldValue.doubles(f)); break;
      case 7: h.bucket.push(...fieldValue.doubles(f)); break;
    }
  }
  return h;
}

export function decodeImage(buf: Uint8Array): ImageData {
  const img: ImageData = { height: 0, width: 0, colorspace: 0, encoded: new Uint8Array(0) };
  for (const f of new ProtoReader(buf).fields()) {
    if (f.field === 1) img.height = fieldValue.int(f);
    else if (f.field === 2) img.width = fieldValue.int(f);
    else if (f.field === 3) img.colorspace = fieldValue.int(f);
    else if (f.field === 4) img.encoded = fieldValue.bytes(f);
  }
  return img;
}

export function decodeTensor(buf: Uint8Array): TensorData {
  const t: TensorData = { dtype: 0, shape: [] };
  for (const f of new ProtoReader(buf).fields()) {
    switch (f.field) {
      case 1: t.dtype = fieldValue.int(f); break;
      case 2:
        for (const d of new ProtoReader(fieldValue.bytes(f)).fields()) {
          if (d.field !== 2) continue;
          let size = 0;
          for (const s of new ProtoReader(fieldValue.bytes(d)).fields()) if (s.field === 1) size = fieldValue.int(s);
          t.shape.push(size);
        }
        break;
      case 4: t.content = fieldValue.bytes(f); break;
      case 5: (t.floats ??= []).push(...fieldValue.floats(f)); break;
      case 6: (t.doubles ??= []).push(...fieldValue.doubles(f)); break;
      case 7: (t.ints ??= []).push(...fieldValue.ints(f)); break;
      case 8: (t.strings ??= []).push(fieldValue.bytes(f)); break;
    }
  }
  return t;
}

function decodeSummaryValue(buf: Uint8Array): SummaryValueData {
  const v: SummaryValueData = { tag: "" };
  for (const f of new ProtoReader(buf).fields()) {
    switch (f.field) {
      case 1: v.tag = fieldValue.string(f); break;
      case 2: v.simpleValue = fieldValue.float(f); break;
      case 4: v.image = decodeImage(fieldValue.bytes(f)); break;
      case 5: v.histo = decodeHistogram(fieldValue.bytes(f)); break;
      case 8: v.tensor = decodeTensor(fieldValue.bytes(f)); break;
      case 9: {
        const md: NonNullable<SummaryValueData["metadata"]> = {};
        for (const m of new ProtoReader(fieldValue.bytes(f)).fields()) {
          if (m.field === 1) {
            const pd: PluginData = { pluginName: "", content: new Uint8Array(0) };
            for (const p of new ProtoReader(fieldValue.bytes(m)).fields()) {
              if (p.field === 1) pd.pluginName = fieldValue.string(p);
              else if (p.field === 2) pd.content = fieldValue.bytes(p);
            }
            md.pluginData = pd;
          } else if (m.field === 2) md.displayName = fieldValue.string(m);
          else if (m.field === 3) md.summaryDescription = fieldValue.string(m);
          else if (m.field === 4) md.dataClass = fieldValue.int(m);
        }
        v.metadata = md;
        break;
      }
    }
  }
  return v;
}

/** A serialized Event back to its fields. */
export function decodeEvent(buf: Uint8Array): EventData {
  const e: EventData = { wallTime: 0, step: 0 };
  for (const f of new ProtoReader(buf).fields()) {
    switch (f.field) {
      case 1: e.wallTime = fieldValue.double(f); break;
      case 2: e.step = fieldValue.int(f); break;
      case 3: e.fileVersion = fieldValue.string(f); break;
      case 4: e.graphDef = fieldValue.bytes(f); break;
      case 5:
        e.summary = [];
        for (const s of new ProtoReader(fieldValue.bytes(f)).fields()) if (s.field === 1) e.summary.push(decodeSummaryValue(fieldValue.bytes(s)));
        break;
      case 7: {
        const log = { status: SESSION_STATUS[0] as SessionStatus, checkpointPath: "", msg: "" };
        for (const s of new ProtoReader(fieldValue.bytes(f)).fields()) {
          if (s.field === 1) log.status = SESSION_STATUS[fieldValue.int(s)] ?? "STATUS_UNSPECIFIED";
          else if (s.field === 2) log.checkpointPath = fieldValue.string(s);
          else if (s.field === 3) log.msg = fieldValue.string(s);
        }
        e.sessionLog = log;
        break;
      }
      case 10:
        for (const s of new ProtoReader(fieldValue.bytes(f)).fields()) if (s.field === 1) e.sourceWriter = fieldValue.string(s);
        break;
    }
  }
  return e;
}
