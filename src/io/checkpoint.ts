/**
 * @file Checkpoints of nested state (model + optimizer + scheduler + epoch) in one safetensors file:
 * tensors are stored under their dotted paths, everything else as JSON in the metadata.
 */
import { Tensor } from "../core/tensor.ts";
import { nullRecord } from "./json.ts";
import { deserialize, serialize } from "./safetensors.ts";

/** What a checkpoint may hold: tensors, numbers, strings, booleans, null, arrays and plain objects of these. */
export type StateValue = Tensor | number | string | boolean | null | StateValue[] | { [key: string]: StateValue };

const KEY = "lernwerk.state";
const TENSOR = "__tensor__";

/** Splits a nested value into tensors keyed by path and a JSON skeleton that points at them. */
function split(v: unknown, path: string, tensors: Record<string, Tensor>): unknown {
  if (v instanceof Tensor) {
    tensors[path] = v;
    return { [TENSOR]: path };
  }
  if (Array.isArray(v)) return v.map((x, i) => split(x, `${path}.${i}`, tensors));
  if (v !== null && typeof v === "object") {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`saveState: ${path || "the value"} is a ${(v as { constructor?: { name?: string } }).constructor?.name ?? "non-plain object"}, not a plain object (pass stateDict() results)`);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, split(x, path ? `${path}.${k}` : k, tensors)]));
  }
  if (typeof v === "number" && !Number.isFinite(v)) return { __number__: String(v) };
  if (["number", "string", "boolean"].includes(typeof v) || v === null) return v;
  throw new TypeError(`saveState: ${path} has unsupported type ${typeof v}`);
}

function join(v: unknown, tensors: Record<string, Tensor>, source: string): unknown {
  if (Array.isArray(v)) return v.map((x) => join(x, tensors, source));
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o[TENSOR] === "string") {
      const t = tensors[o[TENSOR] as string];
      if (!t) throw new Error(`loadState: ${source} refers to tensor "${o[TENSOR]}", which the file does not hold`);
      return t;
    }
    if (typeof o.__number__ === "string") return Number(o.__number__);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, join(x, tensors, source)]));
  }
  return v;
}

/** Serialises nested state, e.g. `{ model: model.stateDict(), optimizer: opt.stateDict(), epoch }`. */
export function serializeState(state: { [key: string]: StateValue } | object): Uint8Array {
  const tensors = nullRecord<Tensor>();
  const skeleton = split(state, "", tensors);
  return serialize(tensors, { [KEY]: JSON.stringify(skeleton) });
}

/** The nested state written by serializeState (after the safetensors checks). */
export function deserializeState(bytes: Uint8Array, source = "the data"): { [key: string]: StateValue } {
  const { tensors, metadata } = deserialize(bytes, source);
  const skeleton = metadata[KEY];
  if (skeleton === undefined) throw new Error(`loadState: ${source} is a plain safetensors file without lernwerk state; use load()`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(skeleton);
  } catch (e) {
    throw new Error(`loadState: ${source} has corrupt state metadata (${(e as Error).message})`);
  }
  return join(parsed, tensors, source) as { [key: string]: StateValue };
}
