/**
 * @file The tensor tour of a first deep-learning lesson: create, shape, dtype, index, slice,
 * cat, stack, view(-1, 1), broadcasting, matmul, and autograd end to end. Run: `npm start`.
 */
import * as lw from "lernwerk";
import { isMain } from "./run.ts";

/** Prints the tour and returns the values the tests check. */
export function main(log: (...a: unknown[]) => void = console.log): { gradW: number[][]; loss: number } {
  lw.manualSeed(0);

  log("# Creating tensors");
  const x = lw.tensor([[1, 2, 3], [4, 5, 6]]);
  log("x =", x);
  log("shape", x.shape, "dtype", x.dtype, "numel", x.numel);
  log("zeros(2, 3) =", lw.zeros(2, 3));
  log("arange(6) =", lw.arange(6), " linspace(0, 1, 5) =", lw.linspace(0, 1, 5));
  log("int32:", lw.tensor([1, 2, 3], { dtype: "int32" }), " float64:", lw.ones(2, { dtype: "float64" }));
  log("randn(2, 2) =", lw.randn(2, 2));

  log("\n# Indexing and slicing (PyTorch's x[1], x[:, 1:], x[::2], x[-1])");
  log("x.index(1) =", x.index(1));
  log('x.index(":", "1:") =', x.index(":", "1:"));
  log('x.index("::2") =', x.index("::2"), " x.index(-1, -1) =", x.index(-1, -1).item());
  log("x.narrow(1, 0, 2) =", x.narrow(1, 0, 2));

  log("\n# Joining and reshaping");
  log("cat([x, x], 0).shape =", lw.cat([x, x], 0).shape, " cat([x, x], 1).shape =", lw.cat([x, x], 1).shape);
  log("stack([x, x]).shape =", lw.stack([x, x]).shape);
  log("x.view(-1, 1).shape =", x.view(-1, 1).shape, " x.T =", x.T);

  log("\n# Broadcasting: (2, 3) + (3,) and (2, 1) * (1, 3)");
  log("x + [10, 20, 30] =", x.add(lw.tensor([10, 20, 30])));
  log("column * row =", lw.tensor([[1], [2]]).mul(lw.tensor([[1, 10, 100]])));

  log("\n# Matrix product (the @ operator)");
  const w = lw.tensor([[1, 0], [0, 1], [1, 1]]);
  log("x @ w =", x.matmul(w));

  log("\n# Autograd: a linear model's gradient");
  const W = lw.randn([3, 2], { requiresGrad: true });
  const target = lw.tensor([[1, 0], [0, 1]]);
  const loss = x.matmul(W).sub(target).square().mean();
  loss.backward();
  log("loss =", loss.item().toFixed(4));
  log("dloss/dW =", W.grad);
  return { gradW: W.grad!.tolist() as number[][], loss: loss.item() };
}

if (isMain(import.meta.url)) main();
