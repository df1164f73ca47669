/** @file Op database entries for the fused normalisation of nn.functional: layer norm over one or more trailing dims, with and without affine terms. */
import * as lw from "lernwerk";
import { f64, rand } from "./make.ts";
import type { Nd } from "./nd.ts";
import { op, type OpInfo, type Tensor } from "./types.ts";

/** Which affine tensors follow x in the inputs. */
type Affine = "none" | "weight" | "bias" | "both";
interface LnParams { normalizedShape: number[]; eps?: number; affine: Affine }

const layerNorm = lw.nn.functional.layerNorm;

function lnFn([x, ...rest]: Tensor[], p: LnParams): Tensor {
  const weight = p.affine === "weight" || p.affine === "both" ? rest.shift()! : null;
  const bias = p.affine === "bias" || p.affine === "both" ? rest.shift()! : null;
  return layerNorm(x, p.normalizedShape, { weight, bias, eps: p.eps });
}

/** Per row of the trailing dims: (x − mean)/√(biased var + eps)·w + b, in float64. */
function lnRef([x, ...rest]: Nd[], p: LnParams): Nd {
  const size = p.normalizedShape.reduce((a, b) => a * b, 1), eps = p.eps ?? 1e-5;
  const w = p.affine === "weight" || p.affine === "both" ? rest.shift()!.data : null;
  const b = p.affine === "bias" || p.affine === "both" ? rest.shift()!.data : null;
  const out: number[] = [];
  for (let r = 0; r * size < x.data.length; r++) {
    const row = x.data.slice(r * size, (r + 1) * size);
    const mean = row.reduce((a, v) => a + v, 0) / size;
    const v = row.reduce((a, e) => a + (e - mean) ** 2, 0) / size;
    row.forEach((e, j) => out.push(((e - mean) / Math.sqrt(v + eps)) * (w ? w[j] : 1) + (b ? b[j] : 0)));
  }
  return { shape: x.shape, data: out };
}

const layerNormEntry = op<LnParams>({
  name: "nn.functional.layerNorm",
  fn: lnFn,
  ref: lnRef,
  grad: true,
  samples: () => [
    { desc: "3x5 over [5], weight and bias", inputs: [rand([3, 5]), rand([5]), rand([5])], params: { normalizedShape: [5], affine: "both" } },
    { desc: "2x3x4 over [3, 4], weight only", inputs: [rand([2, 3, 4]), rand([3, 4])], params: { normalizedShape: [3, 4], affine: "weight" } },
    { desc: "4x6, no affine, eps 0.1", inputs: [rand([4, 6])], params: { normalizedShape: [6], eps: 0.1, affine: "none" } },
    { desc: "bias only", inputs: [rand([2, 4]), rand([4])], params: { normalizedShape: [4], affine: "bias" } },
    { desc: "1-D input, its whole length", inputs: [rand([7]), rand([7]), rand([7])], params: { normalizedShape: [7], affine: "both" } },
    { desc: "transposed input", inputs: [rand([4, 3]), rand([4])], params: { normalizedShape: [4], affine: "weight" }, prep: ([x, w]) => [x.T, w] },
    { desc: "expanded rows (stride 0)", inputs: [rand([1, 5]), rand([5]), rand([5])], params: { normalizedShape: [5], affine: "both" }, prep: ([x, w, b]) => [x.expand(3, 5), w, b] },
    { desc: "large offset 1e4 + noise", inputs: [f64([[1e4 + 0.5, 1e4 - 0.25, 1e4 + 1, 1e4]])], params: { normalizedShape: [4], affine: "none" } },
    { desc: "constant row: 0 (eps keeps rstd finite)", inputs: [f64([[2, 2, 2], [1, -1, 0.5]]), rand([3])], params: { normalizedShape: [3], affine: "bias" }, grad: false },
    { desc: "NaN and ±Infinity rows", inputs: [f64([[NaN, 1, 2], [Infinity, 0, 1], [-Infinity, -Infinity, 0]])], params: { normalizedShape: [3], affine: "none" }, grad: false, floatOnly: true },
    { desc: "empty 0x4", inputs: [rand([0, 4]), rand([4])], params: { normalizedShape: [4], affine: "weight" } },
  ],
  errors: [
    { desc: "trailing dims differ", call: () => layerNorm(lw.ones(2, 3), [4]), message: /^layerNorm: expected input whose last dims are \[4\], got shape \[2, 3\]/ },
    { desc: "weight of the wrong shape", call: () => layerNorm(lw.ones(2, 3), [3], { weight: lw.ones(2) }), message: /^layerNorm: weight must have shape \[3\], got \[2\]/ },
    { desc: "bias not a tensor", call: () => layerNorm(lw.ones(2, 3), [3], { bias: [1, 2, 3] as unknown as Tensor }), message: /^layerNorm: bias must be a Tensor, got an array/ },
    { desc: "int input", call: () => layerNorm(lw.ones([2, 3], { dtype: "int32" }), [3]), message: /^layerNorm: expected a floating-point tensor, got dtype int32/ },
    { desc: "negative eps", call: () => layerNorm(lw.ones(2, 3), [3], { eps: -1 }), message: /^layerNorm: eps must be a number ≥ 0, got -1/ },
  ],
});

export const nnEntries: OpInfo[] = [layerNormEntry];
