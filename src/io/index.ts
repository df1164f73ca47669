/** @file The io namespace: `save(stateDict, path)` / `load(path)` in the safetensors format. */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Tensor } from "../core/tensor.ts";
import { deserialize, serialize, type SafetensorsFile } from "./safetensors.ts";

export { serialize, deserialize, MAX_HEADER_BYTES, type SafetensorsFile } from "./safetensors.ts";

/** Writes named tensors (a state dict) to `path` as safetensors; the file appears whole or not at all. */
export function save(tensors: Record<string, Tensor>, path: string, opts: { metadata?: Record<string, string> } = {}): void {
  const bytes = serialize(tensors, opts.metadata);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** Reads a safetensors file into named tensors, after checking its header; a malformed file is rejected whole. */
export function load(path: string): Record<string, Tensor> {
  return loadFile(path).tensors;
}

/** The tensors and the `__metadata__` strings of a safetensors file. */
export function loadFile(path: string): SafetensorsFile {
  return deserialize(readFileSync(path), path);
}
