/**
 * @file The `native` backend: the Backend interface on top of the C++ addon. Outputs are allocated here
 * and filled in place by the kernels (no copies across the boundary); movement ops (copy, flip, pad,
 * cat) are all one native strided copy into a view of the output.
 */
import { allocate, allocateUninitialized, type DType, type TypedArray } from "../../core/dtype.ts";
import { Op, type ArgReduceOp, type BinaryOp, type ReduceOp, type UnaryOp } from "../../core/ops.ts";
import { contiguousStrides, numelOf } from "../../core/shape.ts";
import type { Backend, View } from "../backend.ts";
import { jsBackend } from "../js/index.ts";
import { padRegion } from "../js/movement.ts";
import type { NativeBinding } from "./binding.ts";
import { dense, meta } from "./meta.ts";
import { nativeNnKernels } from "./nn.ts";
import { nativeBlockKernels } from "./block.ts";
import { nativeRnnKernels } from "./rnn.ts";
import { nativeOptimizerKernels } from "./optim.ts";
import { nativeSpatialKernels } from "./spatial.ts";

/** The addon's kMaxDims (native/core/view.h): views of more dims are refused in TypeScript, naming the op. */
const NATIVE_MAX_DIMS = 32;

const REDUCE_CODES: { [K in ReduceOp]: number } = { [Op.Sum]: 0, [Op.Prod]: 1, [Op.Amax]: 2, [Op.Amin]: 3 };

/** Maps op names to the addon's codes, and fails loudly if the addon does not know one. */
function opCodes<K extends string>(ops: readonly K[], names: readonly string[]): Record<K, number> {
  const codes = {} as Record<K, number>;
  for (const op of ops) {
    const i = names.indexOf(op);
    if (i < 0) throw new Error(`native backend: the addon has no kernel for "${op}"; rebuild it (npm run build:native)`);
    codes[op] = i;
  }
  return codes;
}

export function createNativeBackend(nb: NativeBinding, unaryOps: readonly UnaryOp[], binaryOps: readonly BinaryOp[]): Backend {
  const info = nb.info();
  const unaryCode = opCodes(unaryOps, info.unaryOps);
  const binaryCode = opCodes(binaryOps, info.binaryOps);

  const copy = (x: View, dtype: DType): TypedArray => {
    const out = allocateUninitialized(dtype, numelOf(x.shape));
    nb.copy(meta(dense(x.shape), x), out, x.data);
    return out;
  };

  const native: Partial<Backend> = {
    copy,
    unary(op, x, dtype) {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      nb.unary(meta(dense(x.shape), x), unaryCode[op], out, x.data);
      return out;
    },
    clamp(x, min, max, dtype) {
      const out = allocateUninitialized(dtype, numelOf(x.shape));
      nb.clamp(meta(dense(x.shape), x), min ?? -Infinity, max ?? Infinity, out, x.data);
      return out;
    },
    binary(op, a, b, dtype) {
      const out = allocateUninitialized(dtype, numelOf(a.shape));
      nb.binary(meta(dense(a.shape), a, b), binaryCode[op], out, a.data, b.data);
      return out;
    },
    where(cond, a, b, dtype) {
      const out = allocateUninitialized(dtype, numelOf(a.shape));
      nb.where(meta(dense(a.shape), cond, a, b), out, cond.data, a.data, b.data);
      return out;
    },
    reduce(op, x, dims, dtype) {
      const kept = x.shape.filter((_, d) => !dims.includes(d));
      const out = allocate(dtype, numelOf(kept));
      const mask = dims.reduce((m, d) => m + 2 ** d, 0);
      nb.reduce(meta(dense(kept), x), REDUCE_CODES[op], mask, out, x.data);
      return out;
    },
    argReduce(op: ArgReduceOp, x, dim) {
      const kept = x.shape.filter((_, d) => d !== dim);
      const out = new Int32Array(numelOf(kept));
      nb.argReduce(meta(dense(kept), x), op === Op.Argmax, dim, out, x.data);
      return out;
    },
    cumsum(x, dim, dtype) {
      const out = allocate(dtype, numelOf(x.shape));
      nb.cumsum(meta(dense(x.shape), x), dim, out, x.data);
      return out;
    },
    pad(x, widths, value, dtype) {
      const { outShape, src, dst } = padRegion(x, widths);
      const out = allocate(dtype, numelOf(outShape));
      if (value !== 0) out.fill(value);
      if (numelOf(src.shape) > 0) nb.copy(meta(dst, src), out, x.data);
      return out;
    },
    cat(xs, dim, dtype) {
      const outShape = [...xs[0].shape];
      outShape[dim] = xs.reduce((acc, x) => acc + x.shape[dim], 0);
      const out = allocateUninitialized(dtype, numelOf(outShape));
      const os = contiguousStrides(outShape);
      let at = 0;
      for (const x of xs) {
        if (numelOf(x.shape) > 0) nb.copy(meta({ shape: x.shape, strides: os, offset: at * os[dim] }, x), out, x.data);
        at += x.shape[dim];
      }
      return out;
    },
    gather(x, dim, index, op) {
      const out = allocateUninitialized(x.dtype, numelOf(index.shape));
      nb.gather(meta(dense(index.shape), x, index), dim, op, out, x.data, index.data);
      return out;
    },
    scatter(x, dim, index, src, accumulate, op) {
      const out = copy(x, x.dtype);
      nb.scatter(meta(dense(x.shape), index, src), dim, accumulate, op, out, index.data, src.data);
      return out;
    },
    indexSelect(x, dim, index, op) {
      const outShape = x.shape.map((s, d) => (d === dim ? numelOf(index.shape) : s));
      const out = allocate(x.dtype, numelOf(outShape));
      nb.indexSelect(meta(dense(outShape), x, index), dim, op, out, x.data, index.data);
      return out;
    },
    indexAdd(x, dim, index, src, op) {
      const out = copy(x, x.dtype);
      nb.indexAdd(meta(dense(x.shape), index, src), dim, op, out, index.data, src.data);
      return out;
    },
    accumulate(into, g) {
      // The binary kernel reads a[i] before writing out[i]: out aliasing a dense `a` is safe.
      const whole = { data: into, ...dense(g.shape), dtype: g.dtype };
      nb.binary(meta(dense(g.shape), whole, g), binaryCode[Op.Add], into, into, g.data);
    },
    uniform(stream, n, dtype) {
      const out = allocateUninitialized(dtype, n);
      if (n > 0) nb.philoxUniform(meta(dense([n])), stream.k0, stream.k1, stream.counter, out);
      return out;
    },
    matmul(a, b, dtype) {
      const A = a.dtype === dtype ? a : { ...dense(a.shape), data: copy(a, dtype), dtype };
      const B = b.dtype === dtype ? b : { ...dense(b.shape), data: copy(b, dtype), dtype };
      const shape = [a.shape[0], a.shape[1], b.shape[2]];
      const out = allocateUninitialized(dtype, numelOf(shape));
      nb.matmul(meta(dense(shape), A, B), out, A.data, B.data);
      return out;
    },
  };
  // Kernels the addon does not have yet run on js (listed in BENCHMARKS.md with the reason).
  return { ...jsBackend, ...native, ...nativeNnKernels(nb, copy), ...nativeRnnKernels(nb, copy), ...nativeSpatialKernels(nb), ...nativeBlockKernels(nb), optimizerSteps: nativeOptimizerKernels(nb), name: "native", maxDims: NATIVE_MAX_DIMS };
}

/** The Backend kernels that run on js under the native backend. */
export function jsFallbackKernels(b: Backend): string[] {
  return Object.keys(b).filter((k) => k !== "name" && (b as unknown as Record<string, unknown>)[k] === (jsBackend as unknown as Record<string, unknown>)[k]);
}
