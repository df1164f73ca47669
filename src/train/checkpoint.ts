/**
 * @file Training checkpoints: model, optimizer, scheduler, epoch/step, RNG states, history and callback
 * states in one safetensors file (lw.io's nested state: tensors + JSON metadata), written atomically. Resuming from one
 * continues with exactly the numbers of an uninterrupted run.
 */
import { Tensor } from "../core/tensor.ts";
import type { GeneratorState } from "../core/random.ts";
import type { AnyModule, StateDict } from "../nn/module.ts";
import type { OptimizerStateDict } from "../optim/optimizer.ts";
import { deserialize } from "../io/safetensors.ts";
import { deserializeState, serializeState } from "../io/checkpoint.ts";
import { readFileSync } from "node:fs";
import { atomicWrite } from "../io/atomic.ts";

export const CHECKPOINT_FORMAT = "lernwerk.checkpoint/1";

/** Everything needed to continue training where it stopped. */
export interface TrainingCheckpoint {
  model: StateDict;
  optimizer: OptimizerStateDict<object>;
  scheduler: Record<string, unknown> | null;
  /** Epochs completed (the next epoch to run, 0-based). */
  epoch: number;
  globalStep: number;
  rng: Record<string, GeneratorState>;
  history: { history: Record<string, number[]>; epoch: number[] };
  callbacks: Record<string, Record<string, unknown>>;
  /** The Keras architecture (model.toConfig() as JSON), when a Keras model was trained. */
  architecture?: string;
}

/** True when the bytes are a training checkpoint (lw.io's nested state) rather than a plain weights file. */
export function isTrainingCheckpoint(metadata: Record<string, string>): boolean {
  return metadata["lernwerk.state"] !== undefined;
}

/** Writes a training checkpoint to `path` atomically (lw.io's nested-state safetensors layout, tagged with its format). */
export function saveTrainingCheckpoint(ckpt: TrainingCheckpoint, path: string): void {
  atomicWrite(path, serializeState({ format: CHECKPOINT_FORMAT, ...ckpt }));
}

/** Reads a checkpoint written by saveTrainingCheckpoint (the error says when the file is a plain weights file). */
export function loadTrainingCheckpoint(path: string): TrainingCheckpoint {
  const bytes = readFileSync(path);
  if (!isTrainingCheckpoint(deserialize(bytes, path).metadata)) {
    throw new Error(`${path}: not a training checkpoint (no training state in it); a weights-only file loads with model.loadStateDict(lw.load(path))`);
  }
  const state = deserializeState(bytes, path) as unknown as TrainingCheckpoint & { format: string };
  if (state.format !== CHECKPOINT_FORMAT) throw new Error(`${path}: checkpoint format ${String(state.format)}, this version reads ${CHECKPOINT_FORMAT}`);
  return state;
}

/** A scheduler's state: its stateDict(), or its own plain fields (e.g. ReduceLROnPlateau's best and counters). */
export function schedulerState(s: object | null): Record<string, unknown> | null {
  if (!s) return null;
  const withState = s as { stateDict?: () => Record<string, unknown> };
  if (typeof withState.stateDict === "function") return withState.stateDict();
  return Object.fromEntries(Object.entries(s).filter(([k, v]) => k !== "optimizer" && typeof v !== "function" && !(v instanceof Tensor)).map(([k, v]) => [k, structuredClone(v)]));
}
export function loadSchedulerState(s: object | null, state: Record<string, unknown> | null): void {
  if (!s || !state) return;
  const withState = s as { loadStateDict?: (st: Record<string, unknown>) => void };
  if (typeof withState.loadStateDict === "function") return withState.loadStateDict(state);
  for (const [k, v] of Object.entries(state)) {
    const desc = Object.getOwnPropertyDescriptor(s, k);
    if (desc?.writable) (s as Record<string, unknown>)[k] = structuredClone(v);
  }
}

/** Loads a checkpoint's weights into `model`; another architecture's checkpoint fails listing the mismatched keys. */
export function restoreModel(model: AnyModule, ckpt: TrainingCheckpoint, path: string): void {
  try {
    model.loadStateDict(ckpt.model);
  } catch (e) {
    throw new Error(`${path}: the checkpoint does not fit this model (another architecture?)\n${(e as Error).message}`);
  }
}

