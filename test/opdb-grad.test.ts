/**
 * @file Generated from the op database: gradcheck (float64 central differences, PyTorch's tolerances)
 * of every differentiable op on each of its samples, and once more through a strided view of the leaves.
 */
import { describe, test } from "node:test";
import * as lw from "lernwerk";
import { OPDB } from "./opdb.ts";
import { gradcheck } from "./gradcheck.ts";
import { isFloat } from "./opdb/harness.ts";
import { stridedLayout } from "./opdb/make.ts";

const own = (t: lw.Tensor): lw.Tensor => (isFloat(t.dtype) ? lw.tensor(t, { dtype: "float64" }) : t);

for (const e of OPDB.filter((x) => x.grad)) {
  describe(`${e.name} gradcheck`, () => {
    const samples = e.samples().filter((s) => s.grad !== false);
    for (const s of samples) {
      test(s.desc, () => {
        const call = (xs: lw.Tensor[]) => e.fn(s.prep ? s.prep(xs) : xs, s.params);
        gradcheck(call, s.inputs.map(own));
      });
    }
    const first = samples.find((s) => s.inputs.some((x) => isFloat(x.dtype) && x.numel > 1));
    if (first && e.noncontig !== false) {
      test(`${first.desc}, leaves seen through strided views`, () => {
        const layouts = first.inputs.map((x) => (isFloat(x.dtype) ? stridedLayout(x, 0) : null));
        const leaves = first.inputs.map((x, i) => layouts[i]?.storage ?? x);
        const call = (ls: lw.Tensor[]) => {
          const xs = ls.map((l, i) => layouts[i]?.view(l) ?? l);
          return e.fn(first.prep ? first.prep(xs) : xs, first.params);
        };
        gradcheck(call, leaves);
      });
    }
  });
}
