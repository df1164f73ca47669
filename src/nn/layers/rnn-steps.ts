/**
 * @file One time step of the recurrent cells (Elman RNN, LSTM, GRU) in PyTorch's gate order, as
 * composites of matmul, sigmoid, tanh and chunk, so their gradients come from the op table.
 */
import type { Tensor } from "../../core/tensor.ts";

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

/** x W_ihᵀ + b_ih for any leading dims: (…, I) → (…, G·H); done once for all time steps. */
export function inputProjection(x: Tensor, w: CellWeights): Tensor {
  const y = x.matmul(w.weightIh.T);
  return w.biasIh ? y.add(w.biasIh) : y;
}

function hiddenProjection(h: Tensor, w: CellWeights): Tensor {
  const y = h.matmul(w.weightHh.T); // (B, G·H)
  return w.biasHh ? y.add(w.biasHh) : y;
}

/**
 * One step from the projected input xp (B, G·H) and the previous state; returns the new state.
 * LSTM: c' = f⊙c + i⊙g, h' = o⊙tanh(c'). GRU: n = tanh(x_n + r⊙(W_hn h + b_hn)), h' = n + z⊙(h − n).
 */
export function cellStep(mode: RecurrentMode, xp: Tensor, state: CellState, w: CellWeights): CellState {
  const [h] = state;
  const hp = hiddenProjection(h, w);
  switch (mode) {
    case "RNN_TANH":
      return [xp.add(hp).tanh()];
    case "RNN_RELU":
      return [xp.add(hp).relu()];
    case "LSTM": {
      const [i, f, g, o] = xp.add(hp).chunk(4, 1); // each (B, H)
      const c = f.sigmoid().mul(state[1]).add(i.sigmoid().mul(g.tanh()));
      return [o.sigmoid().mul(c.tanh()), c];
    }
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
