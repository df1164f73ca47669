/**
 * @file One time step of the recurrent cells (Elman RNN, LSTM, GRU) in PyTorch's gate order: the LSTM gates
 * through the fused primitive (F.lstmCell), RNN and GRU as composites of matmul, sigmoid, tanh and chunk.
 */
import type { Tensor } from "../../core/tensor.ts";
import { lstmCell } from "../functional/rnn.ts";

/** The weights of one cell (one layer, one direction): W_ih (G·H, I), W_hh (G·H, H), biases (G·H). */
export interface CellWeights {
  weightIh: Tensor;
  weightHh: Tensor;
  biasIh: Tensor | null;
  biasHh: Tensor | null;
}

export type RecurrentMode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";

/** How many blocks of H rows the weights have: 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n). */
export const gateCount = (mode: RecurrentMode): number => (mode === "LSTM" ? 4 : mode === "GRU" ? 3 : 1);

/** The state a cell carries: [h] for RNN and GRU, [h, c] for LSTM; each (B, H). */
export type CellState = Tensor[];

/**
 * The weights as the steps use them, prepared once per sequence: the transposes W_ihᵀ (I, G·H) and W_hhᵀ (H, G·H)
 * (one view, so the steps' weight gradients meet there), and for LSTM the two biases summed into the fused cell's one.
 */
export interface StepWeights {
  weightIhT: Tensor;
  weightHhT: Tensor;
  /** Added to the projections (RNN, GRU); null for LSTM, whose biases are in gateBias. */
  biasIh: Tensor | null;
  biasHh: Tensor | null;
  /** LSTM: b_ih + b_hh (G·H), or null without biases. */
  gateBias: Tensor | null;
}

export function stepWeights(mode: RecurrentMode, w: CellWeights): StepWeights {
  const lstm = mode === "LSTM";
  const gateBias = !lstm ? null : w.biasIh && w.biasHh ? w.biasIh.add(w.biasHh) : w.biasIh ?? w.biasHh;
  return { weightIhT: w.weightIh.T, weightHhT: w.weightHh.T, biasIh: lstm ? null : w.biasIh, biasHh: lstm ? null : w.biasHh, gateBias };
}

/** x W_ihᵀ (+ b_ih but for LSTM) for any leading dims: (…, I) → (…, G·H). */
export function inputProjection(x: Tensor, w: StepWeights): Tensor {
  const y = x.matmul(w.weightIhT);
  return w.biasIh ? y.add(w.biasIh) : y;
}

function hiddenProjection(h: Tensor, w: StepWeights): Tensor {
  const y = h.matmul(w.weightHhT); // (B, G·H)
  return w.biasHh ? y.add(w.biasHh) : y;
}

/**
 * One step from the projected input xp (B, G·H) and the previous state; returns the new state.
 * LSTM: c' = f⊙c + i⊙g, h' = o⊙tanh(c') (one fused primitive). GRU: n = tanh(x_n + r⊙(W_hn h + b_hn)), h' = n + z⊙(h − n).
 */
export function cellStep(mode: RecurrentMode, xp: Tensor, state: CellState, w: StepWeights): CellState {
  const [h] = state;
  const hp = hiddenProjection(h, w);
  switch (mode) {
    case "RNN_TANH":
      return [xp.add(hp).tanh()];
    case "RNN_RELU":
      return [xp.add(hp).relu()];
    case "LSTM":
      return lstmCell(xp, hp, state[1], w.gateBias);
    case "GRU": {
      const [xr, xz, xn] = xp.chunk(3, 1);
      const [hr, hz, hn] = hp.chunk(3, 1);
      const r = xr.add(hr).sigmoid();
      const z = xz.add(hz).sigmoid();
      const n = xn.add(r.mul(hn)).tanh();
      return [n.add(z.mul(h.sub(n)))];
    }
  }
}

/** A layer's state argument as a list: h → [h]; LSTM's [h, c] stays. */
export function stateToList(mode: RecurrentMode, hx: Tensor | readonly Tensor[], who: string): Tensor[] {
  if (mode !== "LSTM") return [hx as Tensor];
  if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError(`${who}: the LSTM state must be a pair [h, c]`);
  return [...hx];
}

/** The inverse of stateToList. */
export const listToState = <S>(mode: RecurrentMode, list: Tensor[]): S => (mode === "LSTM" ? [list[0], list[1]] : list[0]) as S;
