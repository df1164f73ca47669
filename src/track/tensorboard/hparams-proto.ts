/**
 * @file The hparams plugin's messages (tensorboard/plugins/hparams plugin_data.proto and api.proto): HParamsPluginData
 * holding an Experiment, a SessionStartInfo or a SessionEndInfo, with hparam values as google.protobuf.Value.
 */
import { ProtoReader, ProtoWriter, fieldValue } from "./protobuf.ts";

export const HPARAMS_PLUGIN = "hparams";
export const HPARAMS_TAGS = {
  experiment: "_hparams_/experiment",
  sessionStartInfo: "_hparams_/session_start_info",
  sessionEndInfo: "_hparams_/session_end_info",
} as const;

/** api.proto DataType and Status enums. */
export const HPARAM_TYPE = ["DATA_TYPE_UNSET", "DATA_TYPE_STRING", "DATA_TYPE_BOOL", "DATA_TYPE_FLOAT64"] as const;
export const SESSION_END_STATUS = ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"] as const;

export type HParamValue = string | number | boolean;

export interface HParamsData {
  experiment?: { hparamInfos: { name: string; type: (typeof HPARAM_TYPE)[number] }[]; metricInfos: { group: string; tag: string }[] };
  sessionStartInfo?: { hparams: Record<string, HParamValue>; groupName: string; startTimeSecs: number };
  sessionEndInfo?: { status: (typeof SESSION_END_STATUS)[number]; endTimeSecs: number };
}

const typeOf = (v: HParamValue) => (typeof v === "number" ? "DATA_TYPE_FLOAT64" : typeof v === "boolean" ? "DATA_TYPE_BOOL" : "DATA_TYPE_STRING");

/** google.protobuf.Value: number_value = 2 (double), string_value = 3, bool_value = 4 (a oneof: written even at 0). */
function encodeStructValue(w: ProtoWriter, v: HParamValue): void {
  if (typeof v === "number") w.double(2, v);
  else if (typeof v === "string") w.string(3, v);
  else w.varint(4, v);
}

/** The serialized HParamsPluginData (version 0) for one of the three parts. */
export function encodeHParamsPluginData(part: HParamsData): Uint8Array {
  const w = new ProtoWriter();
  if (part.experiment) {
    const exp = part.experiment;
    w.message(2, (e) => {
      for (const h of exp.hparamInfos) e.message(4, (i) => i.string(1, h.name).varintIfSet(4, HPARAM_TYPE.indexOf(h.type)));
      for (const m of exp.metricInfos) e.message(5, (i) => i.message(1, (n) => n.stringIfSet(1, m.group).stringIfSet(2, m.tag)));
    });
  } else if (part.sessionStartInfo) {
    const ssi = part.sessionStartInfo;
    w.message(3, (s) => {
      for (const [k, v] of Object.entries(ssi.hparams)) s.message(1, (entry) => entry.string(1, k).message(2, (val) => encodeStructValue(val, v)));
      s.stringIfSet(4, ssi.groupName).doubleIfSet(5, ssi.startTimeSecs);
    });
  } else if (part.sessionEndInfo) {
    const sei = part.sessionEndInfo;
    w.message(4, (s) => s.varintIfSet(1, SESSION_END_STATUS.indexOf(sei.status)).doubleIfSet(2, sei.endTimeSecs));
  }
  return w.finish();
}

/** The three parts PyTorch's add_hparams writes: experiment (names and types), session start (values), session end (success). */
export function hparamsParts(hparams: Record<string, HParamValue>, metricTags: string[]): HParamsData[] {
  return [
    { experiment: { hparamInfos: Object.entries(hparams).map(([name, v]) => ({ name, type: typeOf(v) })), metricInfos: metricTags.map((tag) => ({ group: "", tag })) } },
    { sessionStartInfo: { hparams, groupName: "", startTimeSecs: 0 } },
    { sessionEndInfo: { status: "STATUS_SUCCESS", endTimeSecs: 0 } },
  ];
}

function decodeStructValue(buf: Uint8Array): HParamValue {
  let out: HParamValue = "";
  for (const f of new ProtoReader(buf).fields()) {
    if (f.field === 2) out = fieldValue.double(f);
    else if (f.field === 3) out = fieldValue.string(f);
    else if (f.field === 4) out = fieldValue.bool(f);
  }
  return out;
}

export function decodeHParamsPluginData(buf: Uint8Array): HParamsData {
  const out: HParamsData = {};
  for (const f of new ProtoReader(buf).fields()) {
    if (f.field === 2) {
      const exp: NonNullable<HParamsData["experiment"]> = { hparamInfos: [], metricInfos: [] };
      for (const e of new ProtoReader(fieldValue.bytes(f)).fields()) {
        if (e.field === 4) {
          const info = { name: "", type: HPARAM_TYPE[0] as (typeof HPARAM_TYPE)[number] };
          for (const i of new ProtoReader(fieldValue.bytes(e)).fields()) {
            if (i.field === 1) info.name = fieldValue.string(i);
            else if (i.field === 4) info.type = HPARAM_TYPE[fieldValue.int(i)] ?? "DATA_TYPE_UNSET";
          }
          exp.hparamInfos.push(info);
        } else if (e.field === 5) {
          const name = { group: "", tag: "" };
          for (const i of new ProtoReader(fieldValue.bytes(e)).fields()) {
            if (i.field !== 1) continue;
            for (const n of new ProtoReader(fieldValue.bytes(i)).fields()) {
              if (n.field === 1) name.group = fieldValue.string(n);
              else if (n.field === 2) name.tag = fieldValue.string(n);
            }
          }
          exp.metricInfos.push(name);
        }
      }
      out.experiment = exp;
    } else if (f.field === 3) {
      const ssi: NonNullable<HParamsData["sessionStartInfo"]> = { hparams: {}, groupName: "", startTimeSecs: 0 };
      for (const s of new ProtoReader(fieldValue.bytes(f)).fields()) {
        if (s.field === 1) {
          let key = "", value: HParamValue = "";
          for (const kv of new ProtoReader(fieldValue.bytes(s)).fields()) {
            if (kv.field === 1) key = fieldValue.string(kv);
            else if (kv.field === 2) value = decodeStructValue(fieldValue.bytes(kv));
          }
          ssi.hparams[key] = value;
        } else if (s.field === 4) ssi.groupName = fieldValue.string(s);
        else if (s.field === 5) ssi.startTimeSecs = fieldValue.double(s);
      }
      out.sessionStartInfo = ssi;
    } else if (f.field === 4) {
      const sei: NonNullable<HParamsData["sessionEndInfo"]> = { status: "STATUS_UNKNOWN", endTimeSecs: 0 };
      for (const s of new ProtoReader(fieldValue.bytes(f)).fields()) {
        if (s.field === 1) sei.status = SESSION_END_STATUS[fieldValue.int(s)] ?? "STATUS_UNKNOWN";
        else if (s.field === 2) sei.endTimeSecs = fieldValue.double(s);
      }
      out.sessionEndInfo = sei;
    }
  }
  return out;
}
