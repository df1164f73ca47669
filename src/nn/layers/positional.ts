/**
 * @file Positional encodings: sinusoidal (`PositionalEncoding` as PyTorch's transformer tutorial, buffer `pe`,
 * and the functional `sinusoidalPositionalEncoding`) and learned (`LearnedPositionalEncoding`, parameter `weight`).
 */
import { fmtShape } from "../../core/shape.ts";
import type { Tensor } from "../../core/tensor.ts";
import { fromTypedArray } from "../../ops/creation.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { empty } from "../tensors.ts";
import * as init from "../init.ts";
import { Dropout } from "./dropout.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const SINUSOIDAL_OPTIONS = optionKeys<{ dropout?: number; maxLen?: number; batchFirst?: boolean }>({ dropout: 1, maxLen: 1, batchFirst: 1 });
const LEARNED_OPTIONS = optionKeys<{ dropout?: number; batchFirst?: boolean }>({ dropout: 1, batchFirst: 1 });

/** (maxLen, dModel): PE[pos, 2i] = sin(pos / 10000^(2i/dModel)), PE[pos, 2i+1] = cos(same angle). */
export function sinusoidalPositionalEncoding(maxLen: number, dModel: number): Tensor {
  if (!Number.isInteger(maxLen) || maxLen < 0 || !Number.isInteger(dModel) || dModel <= 0) {
    throw new RangeError(`sinusoidalPositionalEncoding: maxLen and dModel must be positive integers, got ${maxLen} and ${dModel}`);
  }
  const pe = new Float32Array(maxLen * dModel);
  for (let pos = 0; pos < maxLen; pos++) {
    for (let i = 0; i < dModel; i += 2) {
      const angle = pos * Math.exp(-i * Math.log(10000) / dModel);
      pe[pos * dModel + i] = Math.sin(angle);
      if (i + 1 < dModel) pe[pos * dModel + i + 1] = Math.cos(angle);
    }
  }
  return fromTypedArray(pe, [maxLen, dModel]);
}

/** Checks x's sequence dim fits maxLen; returns its length. */
function seqLength(x: Tensor, batchFirst: boolean, maxLen: number, dModel: number, name: string): number {
  if (x.ndim !== 3 || x.shape[2] !== dModel) throw new RangeError(`${name}: expected input ${batchFirst ? "(N, T" : "(T, N"}, ${dModel}), got ${fmtShape(x.shape)}`);
  const T = x.shape[batchFirst ? 1 : 0];
  if (T > maxLen) throw new RangeError(`${name}: sequence length ${T} exceeds maxLen ${maxLen}`);
  return T;
}

/**
 * x + PE[:T] then dropout, as PyTorch's tutorial: x (T, N, dModel), or (N, T, dModel) with batchFirst.
 * The table is the buffer `pe` of shape (maxLen, 1, dModel), as in the tutorial's state dict.
 */
export class PositionalEncoding extends Module {
  dropout: Dropout;
  declare pe: Tensor;
  readonly batchFirst: boolean;
  constructor(readonly dModel: number, opts: { dropout?: number; maxLen?: number; batchFirst?: boolean } = {}) {
    super();
    checkOptions("PositionalEncoding", opts, SINUSOIDAL_OPTIONS);
    this.dropout = new Dropout(opts.dropout ?? 0.1);
    this.batchFirst = opts.batchFirst ?? false;
    this.registerBuffer("pe", sinusoidalPositionalEncoding(opts.maxLen ?? 5000, dModel).unsqueeze(1)); // (maxLen, 1, dModel)
  }
  forward(x: Tensor): Tensor {
    const T = seqLength(x, this.batchFirst, this.pe.shape[0], this.dModel, "PositionalEncoding");
    const pe = this.pe.narrow(0, 0, T); // (T, 1, dModel)
    return this.dropout.forward(x.add(this.batchFirst ? pe.transpose(0, 1) : pe));
  }
  override extraRepr(): string {
    return `dModel=${this.dModel}, maxLen=${this.pe.shape[0]}, batchFirst=${this.batchFirst}`;
  }
}

/** x + W[:T] with a learned table W (maxLen, dModel) ~ N(0, 0.02²) (GPT-2's wpe), then dropout. */
export class LearnedPositionalEncoding extends Module {
  weight: Parameter;
  dropout: Dropout;
  readonly batchFirst: boolean;
  constructor(readonly maxLen: number, readonly dModel: number, opts: { dropout?: number; batchFirst?: boolean } = {}) {
    super();
    checkOptions("LearnedPositionalEncoding", opts, LEARNED_OPTIONS);
    this.weight = new Parameter(empty([maxLen, dModel]));
    init.normal_(this.weight, 0, 0.02);
    this.dropout = new Dropout(opts.dropout ?? 0);
    this.batchFirst = opts.batchFirst ?? false;
  }
  forward(x: Tensor): Tensor {
    const T = seqLength(x, this.batchFirst, this.maxLen, this.dModel, "LearnedPositionalEncoding");
    const w = this.weight.narrow(0, 0, T); // (T, dModel)
    return this.dropout.forward(x.add(this.batchFirst ? w : w.unsqueeze(1)));
  }
}
