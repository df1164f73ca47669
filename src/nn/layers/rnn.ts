/**
 * @file nn.RNN, nn.LSTM and nn.GRU: multi-layer, bidirectional, batch-first, dropout between layers,
 * initial states, PackedSequence input; parameters named as PyTorch's (`weight_ih_l0`, `bias_hh_l1_reverse`).
 */
import { fmtShape, shapeEquals } from "../../core/shape.ts";
import { Tensor } from "../../core/tensor.ts";
import { zeros } from "../../ops/creation.ts";
import { assertTensor } from "../../ops/check.ts";
import { cat, stack } from "../../ops/movement.ts";
import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { empty } from "../tensors.ts";
import * as init from "../init.ts";
import { dropout } from "../functional/layers.ts";
import { lstmSequence } from "../functional/rnn.ts";
import { isFastPathEnabled } from "../functional/fused-block.ts";
import { PackedSequence, stepMask } from "./rnn-packed.ts";
import { type CellState, type CellWeights, type RecurrentMode, cellStep, gateCount, inputProjection, listToState, stateToList, stepWeights } from "./rnn-steps.ts";
import { checkOptions, optionKeys, withKeys } from "../../core/options.ts";

const GATED_OPTIONS = optionKeys<RNNOptions>({ numLayers: 1, bias: 1, batchFirst: 1, dropout: 1, bidirectional: 1, dtype: 1 });
const RNN_OPTIONS = withKeys(GATED_OPTIONS, "nonlinearity");

export interface RNNOptions {
  /** Stacked layers; each takes the previous one's output sequence. Default 1. */
  numLayers?: number;
  /** Biases b_ih and b_hh. Default true. */
  bias?: boolean;
  /** Input and output are (batch, seq, feature) instead of (seq, batch, feature); states stay (layers·dirs, batch, hidden). Default false. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, while training. Default 0. */
  dropout?: number;
  /** A second pass from the end; outputs concatenate both directions. Default false. */
  bidirectional?: boolean;
  dtype?: "float32" | "float64";
}

/** The output sequence (or PackedSequence) and the final state(s) (layers·dirs, batch, hidden). */
export type RNNResult<Out, S> = [Out, S];

/** The shared machinery of RNN, LSTM and GRU; `S` is their state: one tensor, or [h, c] for LSTM. */
export abstract class RNNBase<S> extends Module<[Tensor | PackedSequence, S?], RNNResult<Tensor | PackedSequence, S>> {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  constructor(readonly inputSize: number, readonly hiddenSize: number, protected readonly mode: RecurrentMode, opts: RNNOptions) {
    super();
    const name = this.constructor.name;
    for (const [n, v] of [["inputSize", inputSize], ["hiddenSize", hiddenSize], ["numLayers", opts.numLayers ?? 1]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name}: ${n} must be a positive integer, got ${v}`);
    }
    const p = opts.dropout ?? 0;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: dropout must be in [0, 1], got ${p}`);
    this.numLayers = opts.numLayers ?? 1;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = p;
    this.bidirectional = opts.bidirectional ?? false;
    const G = gateCount(mode) * hiddenSize;
    const props = this as unknown as Record<string, Parameter>;
    for (let l = 0; l < this.numLayers; l++) {
      for (const sfx of this.bidirectional ? ["", "Reverse"] : [""]) {
        const inF = l === 0 ? inputSize : hiddenSize * this.numDirections;
        props[`weightIhL${l}${sfx}`] = new Parameter(empty([G, inF], opts.dtype));
        props[`weightHhL${l}${sfx}`] = new Parameter(empty([G, hiddenSize], opts.dtype));
        if (this.bias) {
          props[`biasIhL${l}${sfx}`] = new Parameter(empty([G], opts.dtype));
          props[`biasHhL${l}${sfx}`] = new Parameter(empty([G], opts.dtype));
        }
      }
    }
    this.resetParameters();
  }

  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** PyTorch's default: every weight and bias ~ U(−1/√hidden, 1/√hidden). */
  resetParameters(): void {
    const k = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) init.uniform_(p, -k, k);
  }

  /** The weights of layer l in direction d (0 forward, 1 reverse). */
  cellWeights(layer: number, direction: number): CellWeights {
    const props = this as unknown as Record<string, Parameter | undefined>;
    const sfx = `L${layer}${direction ? "Reverse" : ""}`;
    return { weightIh: props[`weightIh${sfx}`]!, weightHh: props[`weightHh${sfx}`]!, biasIh: props[`biasIh${sfx}`] ?? null, biasHh: props[`biasHh${sfx}`] ?? null };
  }

  get #layout(): string {
    return this.batchFirst ? `[batch, seq, ${this.inputSize}] (batchFirst)` : `[seq, batch, ${this.inputSize}] (batchFirst=false)`;
  }

  forward(input: Tensor, hx?: S): [Tensor, S];
  forward(input: PackedSequence, hx?: S): [PackedSequence, S];
  forward(input: Tensor | PackedSequence, hx?: S): [Tensor | PackedSequence, S];
  forward(input: Tensor | PackedSequence, hx?: S): [Tensor | PackedSequence, S] {
    const packed = input instanceof PackedSequence ? input : null;
    const raw = packed ? packed.padded : input;
    assertTensor(raw, `${this.constructor.name}.forward`);
    const unbatched = !packed && raw.ndim === 2;
    if ((!unbatched && raw.ndim !== 3) || raw.shape[raw.ndim - 1] !== this.inputSize) {
      throw new RangeError(`${this.label}: expected input of shape ${packed ? `[seq, batch, ${this.inputSize}] (packed)` : `${this.#layout} or [seq, ${this.inputSize}] (unbatched)`}, got ${fmtShape(raw.shape)}`);
    }
    const x = unbatched ? raw.unsqueeze(1) : packed || !this.batchFirst ? raw : raw.transpose(0, 1); // (T, B, I)
    const [y, result] = this.#run(x, hx, unbatched, packed ? stepMask(packed.lengths, x.shape[0]) : null);
    if (packed) return [new PackedSequence(y, packed.lengths), result];
    return [unbatched ? y.squeeze(1) : this.batchFirst ? y.transpose(0, 1) : y, result];
  }

  /**
   * Keras-style masking: `mask` (batch, seq) (or (seq, batch) when not batchFirst) is false at the steps to
   * skip, anywhere in the sequence (e.g. pre-padding): there the state is kept and the output is 0.
   */
  forwardMasked(input: Tensor, mask: Tensor, hx?: S): [Tensor, S] {
    assertTensor(input, `${this.constructor.name}.forwardMasked`);
    assertTensor(mask, `${this.constructor.name}.forwardMasked`, "mask");
    if (input.ndim !== 3 || input.shape[2] !== this.inputSize) throw new RangeError(`${this.label}: expected input of shape ${this.#layout}, got ${fmtShape(input.shape)}`);
    if (mask.dtype !== "bool" || !shapeEquals(mask.shape, input.shape.slice(0, 2))) {
      throw new RangeError(`${this.label}: expected a bool mask of shape ${fmtShape(input.shape.slice(0, 2))} (${this.batchFirst ? "batch, seq" : "seq, batch"}), got ${mask.dtype} ${fmtShape(mask.shape)}`);
    }
    const x = this.batchFirst ? input.transpose(0, 1) : input; // (T, B, I)
    const [y, result] = this.#run(x, hx, false, this.batchFirst ? mask.T : mask);
    return [this.batchFirst ? y.transpose(0, 1) : y, result];
  }

  /** x (T, B, I) time-major, mask (T, B) or null → the output (T, B, dirs·H) and the final state(s). */
  #run(x: Tensor, hx: S | undefined, unbatched: boolean, stepsMask: Tensor | null): [Tensor, S] {
    const [T, B] = x.shape;
    const states = this.#initialStates(hx, B, unbatched, x);
    if (this.mode === "LSTM" && !stepsMask && isFastPathEnabled()) return this.#runLstmSequences(x, states, unbatched);
    const finals: Tensor[][] = states.map(() => []);
    const mask = stepsMask ? stepsMask.unsqueeze(-1) : null; // (T, B, 1)
    // NOTE: layers pass lists of steps, not one (T, B, F) tensor: the gradient of a slice is padded to the
    // whole tensor, so slicing T steps out of a sequence-sized tensor would cost O(T²) in backward.
    let steps = Array.from({ length: T }, (_, t) => x.select(0, t)); // T × (B, I)
    for (let l = 0; l < this.numLayers; l++) {
      if (l > 0 && this.dropout > 0 && this.training) steps = steps.map((s) => dropout(s, this.dropout, { training: true }));
      const outs: Tensor[][] = [];
      for (let d = 0; d < this.numDirections; d++) {
        const k = l * this.numDirections + d;
        const [out, last] = this.#runDirection(steps, states.map((s) => s.select(0, k)), this.cellWeights(l, d), d === 1, mask);
        outs.push(out);
        last.forEach((s, i) => finals[i].push(s));
      }
      steps = outs.length === 1 ? outs[0] : outs[0].map((f, t) => cat([f, outs[1][t]], 1)); // T × (B, dirs·H)
    }
    const finalStates = finals.map((f) => (unbatched ? stack(f, 0).squeeze(1) : stack(f, 0)));
    return [stack(steps, 0), listToState<S>(this.mode, finalStates)];
  }

  /**
   * LSTM without a mask: each layer and direction is one LstmSequence primitive over the whole (T, B, F) input,
   * its input projection one product over all steps (as PyTorch's fused RNN paths); same results as the steps.
   */
  #runLstmSequences(x: Tensor, states: Tensor[], unbatched: boolean): [Tensor, S] {
    const T = x.shape[0], finals: Tensor[][] = [[], []];
    let seq = x; // (T, B, F)
    for (let l = 0; l < this.numLayers; l++) {
      if (l > 0 && this.dropout > 0 && this.training) seq = dropout(seq, this.dropout, { training: true });
      const outs: Tensor[] = [];
      for (let d = 0; d < this.numDirections; d++) {
        const k = l * this.numDirections + d, w = this.cellWeights(l, d), sw = stepWeights(this.mode, w);
        const input = d === 1 ? seq.flip([0]) : seq; // the reverse direction reads the steps backwards
        const xp = inputProjection(input, sw), gates = sw.gateBias ? xp.add(sw.gateBias) : xp; // (T, B, 4H)
        const y = lstmSequence(gates, states[0].select(0, k), states[1].select(0, k), w.weightHh); // (2, T+1, B, H)
        const hs = y.select(0, 0).narrow(0, 1, T); // h_1..h_T: (T, B, H)
        outs.push(d === 1 ? hs.flip([0]) : hs);
        finals[0].push(y.select(0, 0).select(0, T));
        finals[1].push(y.select(0, 1).select(0, T));
      }
      seq = outs.length === 1 ? outs[0] : cat(outs, 2); // (T, B, dirs·H)
    }
    const finalStates = finals.map((f) => (unbatched ? stack(f, 0).squeeze(1) : stack(f, 0)));
    return [seq, listToState<S>(this.mode, finalStates)];
  }

  /** Runs one layer in one direction over T steps (B, I); padded steps (mask false) keep the state and output 0. */
  #runDirection(steps: Tensor[], state: CellState, w: CellWeights, reverse: boolean, mask: Tensor | null): [Tensor[], CellState] {
    const T = steps.length, sw = stepWeights(this.mode, w);
    const outs = new Array<Tensor>(T);
    for (let s = 0; s < T; s++) {
      const t = reverse ? T - 1 - s : s;
      let next = cellStep(this.mode, inputProjection(steps[t], sw), state, sw);
      if (mask) {
        const m = mask.select(0, t); // (B, 1)
        next = next.map((v, i) => v.where(m, state[i]));
        outs[t] = next[0].where(m, 0);
      } else outs[t] = next[0];
      state = next;
    }
    return [outs, state];
  }

  #initialStates(hx: S | undefined, B: number, unbatched: boolean, x: Tensor): Tensor[] {
    const n = this.mode === "LSTM" ? 2 : 1;
    const shape = unbatched ? [this.numLayers * this.numDirections, this.hiddenSize] : [this.numLayers * this.numDirections, B, this.hiddenSize];
    if (hx === undefined || hx === null) return Array.from({ length: n }, () => zeros([shape[0], B, this.hiddenSize], { dtype: x.dtype }));
    const list = stateToList(this.mode, hx as Tensor | Tensor[], this.label);
    const names = n === 2 ? ["h0", "c0"] : ["h0"];
    return list.map((s, i) => {
      if (!(s instanceof Tensor)) throw new TypeError(`${this.label}: initial state ${names[i]} must be a Tensor, got ${typeof s}`);
      if (!shapeEquals(s.shape, shape)) {
        throw new RangeError(`${this.label}: expected initial state ${names[i]} of shape ${fmtShape(shape)} (numLayers·numDirections, ${unbatched ? "" : "batch, "}hidden), got ${fmtShape(s.shape)}`);
      }
      return unbatched ? s.unsqueeze(1) : s;
    });
  }

  override extraRepr(): string {
    const opts = [
      this.numLayers !== 1 ? `numLayers=${this.numLayers}` : "", !this.bias ? "bias=false" : "", this.batchFirst ? "batchFirst=true" : "",
      this.dropout ? `dropout=${this.dropout}` : "", this.bidirectional ? "bidirectional=true" : "",
    ].filter(Boolean);
    return [`${this.inputSize}, ${this.hiddenSize}`, ...opts].join(", ");
  }
  /** The layer as error messages name it, e.g. `LSTM(10, 20, batchFirst=true)`. */
  protected get label(): string {
    return `${this.constructor.name}(${this.extraRepr()})`;
  }
}

/** Elman RNN: h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or relu). @example new nn.RNN(10, 20, { numLayers: 2 }) */
export class RNN extends RNNBase<Tensor> {
  readonly nonlinearity: "tanh" | "relu";
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions & { nonlinearity?: "tanh" | "relu" } = {}) {
    const nl = opts.nonlinearity ?? "tanh";
    if (nl !== "tanh" && nl !== "relu") throw new RangeError(`RNN: nonlinearity must be "tanh" or "relu", got ${JSON.stringify(nl)}`);
    super(inputSize, hiddenSize, nl === "tanh" ? "RNN_TANH" : "RNN_RELU", opts);
    checkOptions("RNN", opts, RNN_OPTIONS);
    this.nonlinearity = nl;
  }
}

/** LSTM with PyTorch's gate order (i, f, g, o); the state is [h, c]. @example new nn.LSTM(64, 256, { numLayers: 2, batchFirst: true, dropout: 0.2 }) */
export class LSTM extends RNNBase<[Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super(inputSize, hiddenSize, "LSTM", opts);
    checkOptions("LSTM", opts, GATED_OPTIONS);
  }
}

/** GRU with PyTorch's gate order (r, z, n) and reset gate applied after W_hn. @example new nn.GRU(32, 64, { bidirectional: true }) */
export class GRU extends RNNBase<Tensor> {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super(inputSize, hiddenSize, "GRU", opts);
    checkOptions("GRU", opts, GATED_OPTIONS);
  }
}
