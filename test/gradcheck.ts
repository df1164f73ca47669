/**
 * @file gradcheck as torch.autograd.gradcheck: the analytic vector-Jacobian product from backward()
 * against central differences in float64 (eps 1e-6, atol 1e-5, rtol 1e-3). Big inputs: random directions.
 */
import * as lw from "lernwerk";
import { rng } from "./opdb/make.ts";

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Leaves with more elements than this are checked along `directions` random directions. */
  maxElements?: number;
  directions?: number;
  seed?: number;
}

type Outputs = lw.Tensor | readonly lw.Tensor[];
const asList = (o: Outputs): lw.Tensor[] => (o instanceof lw.Tensor ? [o] : [...o]);
const isFloat = (t: lw.Tensor) => t.dtype === "float32" || t.dtype === "float64";

/** Σ_k <out_k, u_k>, in plain JS over the output values. */
function contract(outs: lw.Tensor[], ups: Float64Array[]): number {
  let s = 0;
  outs.forEach((o, k) => {
    const v = o.toTypedArray();
    for (let i = 0; i < v.length; i++) s += v[i] * ups[k][i];
  });
  return s;
}

/**
 * Checks the gradient of `f` with respect to every floating leaf in `leaves` (float64, contiguous,
 * each with its own storage). Throws an Error naming the leaf, the element and both values on a mismatch.
 */
export function gradcheck(f: (leaves: lw.Tensor[]) => Outputs, leaves: lw.Tensor[], opts: GradcheckOptions = {}): void {
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  const maxElements = opts.maxElements ?? 64, directions = opts.directions ?? 4;
  const r = rng(opts.seed ?? 12345);
  const wrt = leaves.filter(isFloat);
  for (const x of wrt) {
    if (x.dtype !== "float64") throw new Error(`gradcheck: leaves must be float64, got ${x.dtype}`);
    if (!x.isContiguous() || x.offset !== 0 || x.data.length !== x.numel) throw new Error("gradcheck: leaves must own contiguous storage");
    x.grad = null;
    x.requiresGrad = true;
  }

  // Analytic: backward with a random upstream gradient for each floating output.
  const outs = asList(f(leaves)).filter(isFloat);
  const ups = outs.map((o) => Float64Array.from({ length: o.numel }, () => 2 * r() - 1));
  outs.forEach((o, k) => {
    if (!o.requiresGrad) return; // an output that does not depend on the leaves has zero gradient
    o.backward(lw.fromTypedArray(ups[k].slice(), [...o.shape]).to(o.dtype), { retainGraph: true });
  });
  const analytic = wrt.map((x) => (x.grad ? Float64Array.from(x.grad.toTypedArray()) : new Float64Array(x.numel)));
  wrt.forEach((x, i) => {
    if (x.grad && (x.grad.shape.join() !== x.shape.join())) throw new Error(`gradcheck: leaf ${i} has shape [${x.shape}] but its grad [${x.grad.shape}]`);
  });

  // Numeric: central differences of L(x) = Σ <f(x), u> along basis vectors or random directions.
  const L = (): number => lw.noGrad(() => contract(asList(f(leaves)).filter(isFloat), ups));
  const close = (a: number, n: number) => Math.abs(a - n) <= atol + rtol * Math.abs(n);
  wrt.forEach((x, li) => {
    const data = x.data as Float64Array;
    if (x.numel <= maxElements) {
      for (let j = 0; j < x.numel; j++) {
        const keep = data[j];
        data[j] = keep + eps;
        const plus = L();
        data[j] = keep - eps;
        const minus = L();
        data[j] = keep;
        const numeric = (plus - minus) / (2 * eps);
        if (!close(analytic[li][j], numeric)) {
          throw new Error(`gradcheck: leaf ${li} (shape [${x.shape}]) element ${j}: analytic ${analytic[li][j]} vs numeric ${numeric}`);
        }
      }
      return;
    }
    for (let k = 0; k < directions; k++) {
      const v = Float64Array.from({ length: x.numel }, () => 2 * r() - 1);
      const keep = data.slice();
      const shift = (s: number) => { for (let j = 0; j < v.length; j++) data[j] = keep[j] + s * v[j]; };
      shift(eps);
      const plus = L();
      shift(-eps);
      const minus = L();
      data.set(keep);
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic[li].reduce((acc, g, j) => acc + g * v[j], 0);
      if (!close(a, numeric)) throw new Error(`gradcheck: leaf ${li} (shape [${x.shape}]) direction ${k}: analytic ${a} vs numeric ${numeric}`);
    }
  });
}
