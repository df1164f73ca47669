/** @file Matrix products with torch.matmul semantics: 1-D, 2-D, batched with broadcast batch dims; bmm, mm, dot, outer. */
import { apply } from "../core/autograd.ts";
import { promoteTypes } from "../core/dtype.ts";
import { Op } from "../core/ops.ts";
import { cast, expand as expandPrim, reshape as reshapePrim } from "../core/prims.ts";
import { broadcastShapes, fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { assertNotBool, assertRank, assertTensor } from "./check.ts";
import { mul } from "./elementwise.ts";

const matmul3 = (a: Tensor, b: Tensor): Tensor => apply(Op.MatMul, [a, b], {});

/**
 * Matrix product as torch.matmul: vectors are promoted to matrices and the added dim removed
 * again; leading dims broadcast as batch dims.
 * @example lw.matmul(lw.ones(64, 784), lw.ones(784, 10)).shape // [64, 10]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  assertTensor(a, "matmul", "first argument");
  assertTensor(b, "matmul", "second argument");
  if (a.ndim === 0 || b.ndim === 0) throw new RangeError(`matmul: both arguments need at least 1 dim, got ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
  const dtype = promoteTypes(a.dtype, b.dtype);
  assertNotBool(dtype, "matmul");
  const A = a.ndim === 1 ? reshapePrim(a, [1, a.shape[0]]) : a; // (…, M, K)
  const B = b.ndim === 1 ? reshapePrim(b, [b.shape[0], 1]) : b; // (…, K, N)
  const [M, K] = A.shape.slice(-2), [K2, N] = B.shape.slice(-2);
  if (K !== K2) throw new RangeError(`matmul: inner dimensions differ: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
  let out: Tensor;
  if (B.ndim === 2) {
    // (…, M, K) @ (K, N): fold the batch into the rows, one GEMM.
    const batch = A.shape.slice(0, -2);
    const rows = batch.reduce((x, y) => x * y, 1) * M;
    const prod = matmul3(reshapePrim(cast(A, dtype), [1, rows, K]), reshapePrim(cast(B, dtype), [1, K, N]));
    out = reshapePrim(prod, [...batch, M, N]);
  } else {
    const batch = broadcastShapes("matmul", A.shape.slice(0, -2), B.shape.slice(0, -2));
    const nb = batch.reduce((x, y) => x * y, 1);
    const A3 = reshapePrim(expandPrim(cast(A, dtype), [...batch, M, K]), [nb, M, K]);
    const B3 = reshapePrim(expandPrim(cast(B, dtype), [...batch, K, N]), [nb, K, N]);
    out = reshapePrim(matmul3(A3, B3), [...batch, M, N]);
  }
  if (a.ndim === 1) out = reshapePrim(out, [...out.shape.slice(0, -2), N]); // drop the added row dim
  if (b.ndim === 1) out = reshapePrim(out, out.shape.slice(0, -1)); // drop the added column dim
  return out;
}

/** Batched product of 3-D tensors with equal batch: (B, M, K) @ (B, K, N). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  assertTensor(a, "bmm", "first argument");
  assertTensor(b, "bmm", "second argument");
  assertRank(a, [3], "bmm", "first argument");
  assertRank(b, [3], "bmm", "second argument");
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) throw new RangeError(`bmm: shapes do not fit: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`);
  const dtype = promoteTypes(a.dtype, b.dtype);
  assertNotBool(dtype, "bmm");
  return matmul3(cast(a, dtype), cast(b, dtype));
}

/** Product of two matrices. */
export function mm(a: Tensor, b: Tensor): Tensor {
  assertTensor(a, "mm", "first argument");
  assertTensor(b, "mm", "second argument");
  assertRank(a, [2], "mm", "first argument");
  assertRank(b, [2], "mm", "second argument");
  assertNotBool(promoteTypes(a.dtype, b.dtype), "mm");
  return matmul(a, b);
}

/** Inner product of two 1-D tensors of equal length. */
export function dot(a: Tensor, b: Tensor): Tensor {
  assertTensor(a, "dot", "first argument");
  assertTensor(b, "dot", "second argument");
  assertRank(a, [1], "dot", "first argument");
  assertRank(b, [1], "dot", "second argument");
  if (a.shape[0] !== b.shape[0]) throw new RangeError(`dot: lengths differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  assertNotBool(promoteTypes(a.dtype, b.dtype), "dot");
  return matmul(a, b);
}

/** Outer product of two vectors: (n) ⊗ (m) → (n, m). */
export function outer(a: Tensor, b: Tensor): Tensor {
  assertTensor(a, "outer", "first argument");
  assertTensor(b, "outer", "second argument");
  assertRank(a, [1], "outer", "first argument");
  assertRank(b, [1], "outer", "second argument");
  return mul(reshapePrim(a, [a.shape[0], 1]), reshapePrim(b, [1, b.shape[0]]));
}
