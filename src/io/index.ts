/** @file The io namespace: `save(stateDict, path)` / `load(path)` in the safetensors format, and nested checkpoints. */
import { readFileSync } from "node:fs";
import type { Tensor } from "../core/tensor.ts";
import { deserialize, serialize, type SafetensorsFile } from "./safetensors.ts";
import { deserializeState, serializeState, type StateValue } from "./checkpoint.ts";
import { checkOptions, optionKeys } from "../core/options.ts";

const SAVE_OPTIONS = optionKeys<{ metadata?: Record<string, string> }>({ metadata: 1 });
import { atomicWrite } from "./atomic.ts";

export { serialize, deserialize, MAX_HEADER_BYTES, type SafetensorsFile } from "./safetensors.ts";
export { serializeState, deserializeState, type StateValue } from "./checkpoint.ts";
export { atomicWrite, removeStaleTemps, STALE_TEMP_MS } from "./atomic.ts";

/** Writes named tensors (a state dict) to `path` as safetensors; the file appears whole or not at all. */
export function save(tensors: Record<string, Tensor>, path: string, opts: { metadata?: Record<string, string> } = {}): void {
  checkOptions("save", opts, SAVE_OPTIONS);
  atomicWrite(path, serialize(tensors, opts.metadata));
}

/** Reads a safetensors file into named tensors, after checking its header; a malformed file is rejected whole. */
export function load(path: string): Record<string, Tensor> {
  return loadFile(path).tensors;
}

/** The tensors and the `__metadata__` strings of a safetensors file. */
export function loadFile(path: string): SafetensorsFile {
  return deserialize(readFileSync(path), path);
}

/**
 * Saves nested training state in one file, e.g.
 * `saveState({ model: model.stateDict(), optimizer: opt.stateDict(), scheduler: sched.stateDict(), epoch }, path)`.
 */
export function saveState(state: object, path: string): void {
  atomicWrite(path, serializeState(state));
}

/** Reads what saveState wrote; the file passes every safetensors check first. */
export function loadState(path: string): { [key: string]: StateValue } {
  return deserializeState(readFileSync(path), path);
}
