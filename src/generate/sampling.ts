/**
 * @file Picking the next token from logits: greedy (argmax) or sampling with temperature, top-k and
 * top-p (nucleus), seeded through a Generator so that runs repeat.
 */
import { defaultGenerator, type Generator } from "../core/random.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertTensor } from "../ops/check.ts";

export interface SamplingOptions {
  /** Divides the logits: < 1 sharper, > 1 flatter; 0 means greedy. Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens. */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (nucleus sampling). */
  topP?: number;
  generator?: Generator;
}

function checkOptions(o: SamplingOptions, vocab: number): void {
  const t = o.temperature ?? 1;
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`sample: temperature must be a finite number ≥ 0, got ${t}`);
  if (o.topK !== undefined && (!Number.isInteger(o.topK) || o.topK < 1)) throw new RangeError(`sample: topK must be a positive integer, got ${o.topK}`);
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) throw new RangeError(`sample: topP must be in (0, 1], got ${o.topP}`);
  if (vocab === 0) throw new RangeError("sample: the logits are empty (a vocabulary of 0 tokens)");
}

/** The index of the largest value (the first one on ties). */
export function argmaxOf(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** The probabilities that sampling draws from, after temperature, top-k and top-p (zeros outside the kept set). */
export function samplingProbs(logits: ArrayLike<number>, opts: SamplingOptions = {}): Float64Array {
  checkOptions(opts, logits.length);
  const V = logits.length, t = opts.temperature ?? 1;
  const probs = new Float64Array(V);
  if (t === 0) { probs[argmaxOf(logits)] = 1; return probs; }
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[i]);
  let total = 0;
  for (let i = 0; i < V; i++) total += probs[i] = Math.exp((logits[i] - max) / t);
  for (let i = 0; i < V; i++) probs[i] /= total;
  if (opts.topK === undefined && opts.topP === undefined) return probs;
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
  let keep = Math.min(opts.topK ?? V, V);
  if (opts.topP !== undefined) {
    let mass = 0, n = 0;
    while (n < keep && mass < opts.topP) mass += probs[order[n++]];
    keep = Math.max(1, n);
  }
  const kept = new Float64Array(V);
  let mass = 0;
  for (let j = 0; j < keep; j++) mass += kept[order[j]] = probs[order[j]];
  for (let j = 0; j < keep; j++) kept[order[j]] /= mass;
  return kept;
}

/** Draws an index from one row of logits. */
function drawRow(row: ArrayLike<number>, opts: SamplingOptions): number {
  if ((opts.temperature ?? 1) === 0) { checkOptions(opts, row.length); return argmaxOf(row); }
  const p = samplingProbs(row, opts);
  const u = (opts.generator ?? defaultGenerator).uniform(1)[0];
  let acc = 0, last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    last = i;
    acc += p[i];
    if (u < acc) return i;
  }
  return last; // rounding: u fell just above the total
}

/** A token id drawn from logits (V). @example sample(logits, { temperature: 0.8, topK: 40, generator }) */
export function sample(logits: Tensor, opts: SamplingOptions = {}): number {
  assertTensor(logits, "sample", "logits");
  if (logits.ndim !== 1) throw new RangeError(`sample: expected logits of shape [vocab], got ${fmtShape(logits.shape)} (sampleBatch takes [batch, vocab])`);
  return drawRow(logits.toTypedArray(), opts);
}

/** One token id per row of logits (B, V). */
export function sampleBatch(logits: Tensor, opts: SamplingOptions = {}): number[] {
  assertTensor(logits, "sampleBatch", "logits");
  if (logits.ndim !== 2) throw new RangeError(`sampleBatch: expected logits of shape [batch, vocab], got ${fmtShape(logits.shape)}`);
  const flat = logits.toTypedArray(), V = logits.shape[1];
  return Array.from({ length: logits.shape[0] }, (_, b) => drawRow(flat.subarray(b * V, (b + 1) * V), opts));
}

/** The most likely token id of logits (V): sample with temperature 0. */
export const greedy = (logits: Tensor): number => sample(logits, { temperature: 0 });
