/**
 * @file nn.RNNCell, nn.LSTMCell and nn.GRUCell: one time step, for step-by-step decoding; parameters
 * `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh` as PyTorch's.
 */
import { fmtShape, shapeEquals } from "../../core/shape.ts";
import { Tensor } from "../../core/tensor.ts";
import { zeros } from "../../ops/creation.ts";
import { assertTensor } from "../../ops/check.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { empty } from "../tensors.ts";
import * as init from "../init.ts";
import { type CellState, type RecurrentMode, cellStep, gateCount, inputProjection, listToState, stateToList, stepWeights } from "./rnn-steps.ts";
import { checkOptions, optionKeys, withKeys } from "../../core/options.ts";

const CELL_OPTIONS = optionKeys<RNNCellOptions>({ bias: 1, dtype: 1 });
const RNN_CELL_OPTIONS = withKeys(CELL_OPTIONS, "nonlinearity");

export interface RNNCellOptions { bias?: boolean; dtype?: "float32" | "float64" }

/** Shared by the three cells; `S` is the state: h, or [h, c] for LSTMCell. */
abstract class CellBase<S> extends Module<[Tensor, S?], S> {
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;

  constructor(readonly inputSize: number, readonly hiddenSize: number, protected readonly mode: RecurrentMode, opts: RNNCellOptions) {
    super();
    for (const [n, v] of [["inputSize", inputSize], ["hiddenSize", hiddenSize]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${this.constructor.name}: ${n} must be a positive integer, got ${v}`);
    }
    const G = gateCount(mode) * hiddenSize;
    this.weightIh = new Parameter(empty([G, inputSize], opts.dtype));
    this.weightHh = new Parameter(empty([G, hiddenSize], opts.dtype));
    this.biasIh = opts.bias ?? true ? new Parameter(empty([G], opts.dtype)) : null;
    this.biasHh = opts.bias ?? true ? new Parameter(empty([G], opts.dtype)) : null;
    this.resetParameters();
  }

  /** Every weight and bias ~ U(−1/√hidden, 1/√hidden), as PyTorch. */
  resetParameters(): void {
    const k = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) init.uniform_(p, -k, k);
  }

  /** x (B, inputSize) or (inputSize), state (B, hidden) each (zeros when omitted) → the next state. */
  forward(x: Tensor, hx?: S): S {
    const name = `${this.constructor.name}(${this.extraRepr()})`;
    assertTensor(x, `${name}.forward`);
    if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) {
      throw new RangeError(`${name}: expected input of shape [batch, ${this.inputSize}] or [${this.inputSize}], got ${fmtShape(x.shape)}`);
    }
    const unbatched = x.ndim === 1;
    const xb = unbatched ? x.unsqueeze(0) : x;
    const shape = unbatched ? [this.hiddenSize] : [xb.shape[0], this.hiddenSize];
    const n = this.mode === "LSTM" ? 2 : 1;
    const given = hx === undefined || hx === null ? null : stateToList(this.mode, hx as Tensor | Tensor[], name);
    const state: CellState = Array.from({ length: n }, (_, i) => {
      const s = given?.[i];
      if (!s) return zeros([xb.shape[0], this.hiddenSize], { dtype: x.dtype });
      if (!(s instanceof Tensor) || !shapeEquals(s.shape, shape)) {
        throw new RangeError(`${name}: expected ${n === 2 ? ["h", "c"][i] : "h"} of shape ${fmtShape(shape)}, got ${s instanceof Tensor ? fmtShape(s.shape) : typeof s}`);
      }
      return unbatched ? s.unsqueeze(0) : s;
    });
    const w = { weightIh: this.weightIh, weightHh: this.weightHh, biasIh: this.biasIh, biasHh: this.biasHh };
    const sw = stepWeights(this.mode, w);
    const next = cellStep(this.mode, inputProjection(xb, sw), state, sw);
    return listToState<S>(this.mode, unbatched ? next.map((s) => s.squeeze(0)) : next);
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.biasIh ? "" : ", bias=false"}`;
  }
}

/** h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or relu). */
export class RNNCell extends CellBase<Tensor> {
  readonly nonlinearity: "tanh" | "relu";
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions & { nonlinearity?: "tanh" | "relu" } = {}) {
    const nl = opts.nonlinearity ?? "tanh";
    if (nl !== "tanh" && nl !== "relu") throw new RangeError(`RNNCell: nonlinearity must be "tanh" or "relu", got ${JSON.stringify(nl)}`);
    super(inputSize, hiddenSize, nl === "tanh" ? "RNN_TANH" : "RNN_RELU", opts);
    checkOptions("RNNCell", opts, RNN_CELL_OPTIONS);
    this.nonlinearity = nl;
  }
}

/** One LSTM step: (x, [h, c]) → [h', c']. @example const [h, c] = cell.forward(x, [h0, c0]) */
export class LSTMCell extends CellBase<[Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, "LSTM", opts);
    checkOptions("LSTMCell", opts, CELL_OPTIONS);
  }
}

/** One GRU step: (x, h) → h'. */
export class GRUCell extends CellBase<Tensor> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, "GRU", opts);
    checkOptions("GRUCell", opts, CELL_OPTIONS);
  }
}
