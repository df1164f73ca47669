/** @file Op database entry for the fused LSTM cell of nn.functional (gates i, f, g, o), with and without bias, on strided views. */
import * as lw from "lernwerk";
import { rand } from "./make.ts";
import type { Nd } from "./nd.ts";
import { op, type OpInfo, type Tensor } from "./types.ts";

const lstmCell = lw.nn.functional.lstmCell;
interface CellParams { bias: boolean }

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** h' and c' per element, straight from the definition, in float64. */
function cellRef([xp, hp, c, b]: Nd[], _p: CellParams): Nd[] {
  const [B, H] = c.shape;
  const h1: number[] = [], c1: number[] = [];
  for (let r = 0; r < B; r++) {
    for (let j = 0; j < H; j++) {
      const a = (k: number) => xp.data[r * 4 * H + k * H + j] + hp.data[r * 4 * H + k * H + j] + (b ? b.data[k * H + j] : 0);
      const cn = sigmoid(a(1)) * c.data[r * H + j] + sigmoid(a(0)) * Math.tanh(a(2));
      c1.push(cn);
      h1.push(sigmoid(a(3)) * Math.tanh(cn));
    }
  }
  return [{ shape: [B, H], data: h1 }, { shape: [B, H], data: c1 }];
}

const inputs = (B: number, H: number, bias: boolean, lo = -2, hi = 2): Tensor[] =>
  [rand([B, 4 * H], lo, hi), rand([B, 4 * H], lo, hi), rand([B, H], lo, hi), ...(bias ? [rand([4 * H], lo, hi)] : [])];

const lstmCellEntry = op<CellParams>({
  name: "nn.functional.lstmCell",
  fn: ([xp, hp, c, b], p) => lstmCell(xp, hp, c, p.bias ? b : null),
  ref: cellRef,
  grad: true,
  samples: () => [
    { desc: "B 3, H 2, with bias", inputs: inputs(3, 2, true), params: { bias: true } },
    { desc: "B 2, H 5, no bias", inputs: inputs(2, 5, false), params: { bias: false } },
    { desc: "B 1, H 1", inputs: inputs(1, 1, true), params: { bias: true } },
    { desc: "H 9 (vector tail)", inputs: inputs(2, 9, true), params: { bias: true } },
    { desc: "transposed projections", inputs: [rand([8, 3]), rand([8, 3]), rand([3, 2]), rand([8])], params: { bias: true }, prep: ([xp, hp, c, b]) => [xp.T, hp.T, c, b] },
    { desc: "column slices of a wider xp, strided bias, transposed c", inputs: [rand([2, 16]), rand([2, 8]), rand([2, 2]), rand([16])], params: { bias: true },
      prep: ([xp, hp, c, b]) => [xp.narrow(1, 4, 8), hp, c.T, b.slice(0, 0, 16, 2)] },
    { desc: "expanded (stride 0) batch rows", inputs: [rand([1, 12]), rand([4, 12]), rand([1, 3]), rand([12])], params: { bias: true }, prep: ([xp, hp, c, b]) => [xp.expand(4, 12), hp, c.expand(4, 3), b] },
    { desc: "saturated gates (|a| up to 40)", inputs: inputs(2, 3, true, -20, 20), params: { bias: true }, grad: false },
    { desc: "empty batch", inputs: inputs(0, 3, true), params: { bias: true } },
  ],
  errors: [
    { desc: "xp not (B, 4H)", call: () => lstmCell(lw.ones(2, 7), lw.ones(2, 8), lw.ones(2, 2)), message: /^lstmCell: expected xp of shape \[2, 8\] \(batch, 4·hidden\) for c \[2, 2\], got \[2, 7\]/ },
    { desc: "c not 2-D", call: () => lstmCell(lw.ones(2, 8), lw.ones(2, 8), lw.ones(2)), message: /^lstmCell: expected the cell state c of shape \[batch, hidden\], got \[2\]/ },
    { desc: "bias of the wrong length", call: () => lstmCell(lw.ones(2, 8), lw.ones(2, 8), lw.ones(2, 2), lw.ones(4)), message: /^lstmCell: expected bias of shape \[8\] \(4·hidden\), got \[4\]/ },
    { desc: "int input", call: () => lstmCell(lw.ones([2, 8], { dtype: "int32" }), lw.ones(2, 8), lw.ones(2, 2)), message: /^lstmCell: expected a floating-point tensor, got dtype int32/ },
  ],
});

export const rnnEntries: OpInfo[] = [lstmCellEntry];
