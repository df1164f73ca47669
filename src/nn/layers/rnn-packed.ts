/**
 * @file Variable-length batches for the recurrent layers: PackedSequence, packPaddedSequence,
 * padPackedSequence, padSequence, packSequence and per-step masks (PyTorch's nn.utils.rnn).
 */
import { fmtShape } from "../../core/shape.ts";
import { Tensor } from "../../core/tensor.ts";
import { full, tensor } from "../../ops/creation.ts";
import { assertTensor } from "../../ops/check.ts";
import { pad, stack } from "../../ops/movement.ts";

/**
 * A batch of sequences of different lengths. It keeps the padded batch time-major (T, B, *) with
 * the lengths in the batch's own order; `data` and `batchSizes` give PyTorch's packed layout.
 */
export class PackedSequence {
  readonly lengths: readonly number[];
  constructor(readonly padded: Tensor, lengths: readonly number[]) {
    this.lengths = Object.freeze([...lengths]);
  }

  /** Batch indices by decreasing length (stable), the order PyTorch packs in. */
  get sortedIndices(): number[] {
    return this.lengths.map((_, i) => i).sort((a, b) => this.lengths[b] - this.lengths[a] || a - b);
  }
  /** How many sequences are still running at each step (T). */
  get batchSizes(): number[] {
    return Array.from({ length: this.padded.shape[0] }, (_, t) => this.lengths.filter((n) => n > t).length);
  }
  /** The packed data (Σ lengths, *): step by step, the running sequences in sortedIndices order. */
  get data(): Tensor {
    const order = this.sortedIndices, B = this.lengths.length;
    const rows: number[] = [];
    this.batchSizes.forEach((bs, t) => { for (let k = 0; k < bs; k++) rows.push(t * B + order[k]); });
    const flat = this.padded.reshape([this.padded.shape[0] * B, ...this.padded.shape.slice(2)]);
    return flat.indexSelect(0, tensor(rows, { dtype: "int32" }));
  }
}

function checkLengths(lengths: readonly number[] | Tensor, batch: number, steps: number, op: string): number[] {
  const ls = lengths instanceof Tensor ? [...lengths.toTypedArray()] : [...lengths];
  if (ls.length !== batch) throw new RangeError(`${op}: expected ${batch} lengths (one per sequence of the batch), got ${ls.length}`);
  ls.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1 || n > steps) throw new RangeError(`${op}: lengths[${i}] = ${n} must be an integer in [1, ${steps}] (the padded length)`);
  });
  return ls;
}

/**
 * Marks the padded steps of a batch so that the recurrent layers skip them.
 * @example packPaddedSequence(x, [5, 3, 2], { batchFirst: true })  // x (B=3, T=5, F)
 */
export function packPaddedSequence(input: Tensor, lengths: readonly number[] | Tensor, opts: { batchFirst?: boolean; enforceSorted?: boolean } = {}): PackedSequence {
  assertTensor(input, "packPaddedSequence");
  if (input.ndim < 2) throw new RangeError(`packPaddedSequence: expected input of at least 2 dims (${opts.batchFirst ? "batch, seq" : "seq, batch"}, …), got ${fmtShape(input.shape)}`);
  const x = opts.batchFirst ? input.transpose(0, 1) : input; // (T, B, *)
  const ls = checkLengths(lengths, x.shape[1], x.shape[0], "packPaddedSequence");
  if ((opts.enforceSorted ?? true) && ls.some((n, i) => i > 0 && n > ls[i - 1])) {
    throw new RangeError(`packPaddedSequence: lengths [${ls.join(", ")}] must be sorted in decreasing order when enforceSorted is true (pass enforceSorted: false for unsorted batches)`);
  }
  return new PackedSequence(x.narrow(0, 0, Math.max(...ls)), ls);
}

/** The padded batch (T, B, *) (or (B, T, *) batch-first) and the int32 lengths. */
export function padPackedSequence(seq: PackedSequence, opts: { batchFirst?: boolean; paddingValue?: number; totalLength?: number } = {}): [Tensor, Tensor] {
  if (!(seq instanceof PackedSequence)) throw new TypeError("padPackedSequence: expected a PackedSequence");
  let x = seq.padded;
  const T = x.shape[0];
  if (opts.paddingValue !== undefined && opts.paddingValue !== 0) {
    x = x.where(stepMask(seq.lengths, T).reshape([T, seq.lengths.length, ...x.shape.slice(2).map(() => 1)]), opts.paddingValue);
  }
  if (opts.totalLength !== undefined) {
    if (opts.totalLength < T) throw new RangeError(`padPackedSequence: totalLength ${opts.totalLength} is shorter than the longest sequence (${T})`);
    x = padSteps(x, opts.totalLength - T, opts.paddingValue ?? 0);
  }
  return [opts.batchFirst ? x.transpose(0, 1) : x, tensor([...seq.lengths], { dtype: "int32" })];
}

function padSteps(x: Tensor, extra: number, value: number): Tensor {
  if (extra === 0) return x;
  const widths = x.shape.slice(1).flatMap(() => [0, 0]);
  return pad(x, [...widths, 0, extra], { value });
}

/** Pads tensors (L_i, *) to one batch (max L, B, *) (or (B, max L, *) batch-first). */
export function padSequence(sequences: readonly Tensor[], opts: { batchFirst?: boolean; paddingValue?: number } = {}): Tensor {
  if (!sequences?.length) throw new RangeError("padSequence: expected a non-empty array of tensors");
  sequences.forEach((s, i) => {
    assertTensor(s, "padSequence", `sequences[${i}]`);
    if (s.ndim === 0 || fmtShape(s.shape.slice(1)) !== fmtShape(sequences[0].shape.slice(1))) {
      throw new RangeError(`padSequence: every sequence must have shape [L, ${sequences[0].shape.slice(1).join(", ")}], sequences[${i}] has ${fmtShape(s.shape)}`);
    }
  });
  const T = Math.max(...sequences.map((s) => s.shape[0]));
  const x = stack(sequences.map((s) => padSteps(s, T - s.shape[0], opts.paddingValue ?? 0)), 1); // (T, B, *)
  return opts.batchFirst ? x.transpose(0, 1) : x;
}

/** Packs tensors (L_i, *) of different lengths. */
export function packSequence(sequences: readonly Tensor[], opts: { enforceSorted?: boolean } = {}): PackedSequence {
  return packPaddedSequence(padSequence(sequences), sequences.map((s) => s.shape[0]), opts);
}

/** (T, B) bool: true where step t < lengths[b]. */
export function stepMask(lengths: readonly number[], steps: number): Tensor {
  const m = full([steps, lengths.length], false, { dtype: "bool" });
  lengths.forEach((n, b) => { for (let t = 0; t < Math.min(n, steps); t++) m.data[t * lengths.length + b] = 1; });
  return m;
}
