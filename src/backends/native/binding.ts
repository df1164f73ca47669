/**
 * @file The shape of the C++ addon (native/binding/addon.cc) and how to load it. Every kernel takes a
 * Float64Array of view metadata (per array: ndim, shape…, strides…, offset) followed by parameters and arrays.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { TypedArray } from "../../core/dtype.ts";

export interface NativeInfo {
  /** The instruction set GEMM runs on now: "avx512", "avx2", "portable" or "scalar". */
  isa: string;
  /** Comma-separated instruction sets this CPU and build can run, best first. */
  isas: string;
  threads: number;
  unaryOps: string[];
  binaryOps: string[];
}

type Meta = Float64Array;

export interface NativeBinding {
  matmul(meta: Meta, out: TypedArray, a: TypedArray, b: TypedArray): void;
  copy(meta: Meta, dst: TypedArray, src: TypedArray): void;
  unary(meta: Meta, op: number, out: TypedArray, x: TypedArray): void;
  clamp(meta: Meta, lo: number, hi: number, out: TypedArray, x: TypedArray): void;
  binary(meta: Meta, op: number, out: TypedArray, a: TypedArray, b: TypedArray): void;
  where(meta: Meta, out: TypedArray, cond: TypedArray, a: TypedArray, b: TypedArray): void;
  reduce(meta: Meta, op: number, reducedMask: number, out: TypedArray, x: TypedArray): void;
  argReduce(meta: Meta, isMax: boolean, dim: number, out: Int32Array, x: TypedArray): void;
  cumsum(meta: Meta, dim: number, out: TypedArray, x: TypedArray): void;
  gather(meta: Meta, dim: number, op: string, out: TypedArray, x: TypedArray, index: TypedArray): void;
  scatter(meta: Meta, dim: number, accumulate: boolean, op: string, out: TypedArray, index: TypedArray, src: TypedArray): void;
  indexSelect(meta: Meta, dim: number, op: string, out: TypedArray, x: TypedArray, index: TypedArray): void;
  indexAdd(meta: Meta, dim: number, op: string, out: TypedArray, index: TypedArray, src: TypedArray): void;
  /** Dense (outer, len, inner) arrays, along len. */
  /** causalRows L > 0 (inner 1): row r sees its first (r mod L) + 1 elements; an addon built before it ignores it. */
  softmax(meta: Meta, outer: number, len: number, inner: number, log: boolean, out: TypedArray, x: TypedArray, causalRows?: number): void;
  softmaxBackward(meta: Meta, outer: number, len: number, inner: number, log: boolean, out: TypedArray, g: TypedArray, y: TypedArray): void;
  gelu(meta: Meta, tanh: boolean, out: TypedArray, x: TypedArray): void;
  geluBackward(meta: Meta, tanh: boolean, out: TypedArray, g: TypedArray, x: TypedArray): void;
  /** Meta: out, g, y (any strides). Optional: addons built before it lack it. */
  reluBackward?(meta: Meta, out: TypedArray, g: TypedArray, y: TypedArray): void;
  /** Meta: out (B, H, L, Ev), q, k, v[, mask (B, H, L, S)], all 4-D, any strides but out's. Optional: addons built before it lack it. */
  attention?(meta: Meta, causal: boolean, scale: number, hasMask: boolean, out: TypedArray, q: TypedArray, k: TypedArray, v: TypedArray, ...mask: TypedArray[]): void;
  /**
   * Meta: out, x, [keys, values,] then the weights passed; bit i of `present` flags the i-th optional one (ln1w, ln1b,
   * attnB, projB, ln2w, ln2b, fcB, outB). Optional: addons built before it lack it.
   */
  preNormStackStep?(meta: Meta, past: number, heads: number, eps: number, tanh: boolean, present: number, hasCache: boolean, layers: number, out: TypedArray, x: TypedArray, ...arrays: TypedArray[]): void;
  /** Meta: wte, wpe[, ln_f weight][, ln_f bias], head, then the layers as preNormStackStep (bits 8, 9 of `present`: ln_f's affine); caches of `batch` rows. An opaque decoder for gptDecoderRun. */
  gptDecoderPrepare?(meta: Meta, batch: number, heads: number, eps: number, tanh: boolean, present: number, hasCache: boolean, layers: number, ...arrays: TypedArray[]): object;
  /** Meta: logits (B, T, V), hidden (B, T, C), int32 ids (B, T). */
  gptDecoderRun?(decoder: object, meta: Meta, past: number, logits: TypedArray, hidden: TypedArray, ids: Int32Array): void;
  /** Drops a decoder's references to its arrays now (else they live until its finalizer runs, a later event-loop turn). Optional: older addons lack it. */
  gptDecoderRelease?(decoder: object): void;
  /** Meta: out (2, T+1, B, H), xp (T, B, 4H), h0, c0 (B, H), W_hh (4H, H). Optional: addons built before it lack it. */
  lstmSequence?(meta: Meta, out: TypedArray, xp: TypedArray, h0: TypedArray, c0: TypedArray, whh: TypedArray): void;
  /** Meta: out (flat), g and y (2, T+1, B, H) whole and dense, xp, W_hh. */
  lstmSequenceBackward?(meta: Meta, out: TypedArray, g: TypedArray, xp: TypedArray, whh: TypedArray, y: TypedArray): void;
  /** Dense rows of `size`; weight and bias (when flagged) follow x. */
  layerNorm(meta: Meta, size: number, eps: number, hasWeight: boolean, hasBias: boolean, out: TypedArray, x: TypedArray, ...affine: TypedArray[]): void;
  layerNormBackward(meta: Meta, size: number, eps: number, hasWeight: boolean, out: TypedArray, g: TypedArray, x: TypedArray, ...weight: TypedArray[]): void;
  layerNormWeightGrad(meta: Meta, size: number, eps: number, out: TypedArray, g: TypedArray, x: TypedArray): void;
  /** Meta: out (2, B, H), xp, hp (B, 4H), c (B, H)[, bias (B, 4H)]; any strides but out's. Optional: addons built before it lack it. */
  lstmCell?(meta: Meta, hasBias: boolean, out: TypedArray, xp: TypedArray, hp: TypedArray, c: TypedArray, ...bias: TypedArray[]): void;
  /** Meta: out (B, 5H), dy (2, B, H), xp, hp, c[, bias]. */
  lstmCellBackward?(meta: Meta, hasBias: boolean, out: TypedArray, dy: TypedArray, xp: TypedArray, hp: TypedArray, c: TypedArray, ...bias: TypedArray[]): void;
  /** Meta: out, x, then kH, kW, sh, sw, dh, dw, padTop, padBottom, padLeft, padRight, ceilMode (pooling). */
  im2col(meta: Meta, out: TypedArray, x: TypedArray): void;
  col2im(meta: Meta, out: TypedArray, cols: TypedArray): void;
  maxPool2dIndices(meta: Meta, out: Int32Array, x: TypedArray): void;
  /** Meta: indices, x, values (dense (N, C, OH, OW) of x's dtype), then the window. Optional: addons built before it lack it. */
  maxPool2d?(meta: Meta, out: Int32Array, x: TypedArray, values: TypedArray): void;
  /** Meta: out (N, O, OH, OW), x, w[, bias], then the window's 11 numbers and groups. Optional: addons built before it lack it. */
  conv2d?(meta: Meta, out: TypedArray, x: TypedArray, w: TypedArray, ...bias: TypedArray[]): void;
  /** Meta: out (N, C, H, W), g (N, O, OH, OW), w, then the window's 11 numbers and groups. */
  conv2dInputGrad?(meta: Meta, out: TypedArray, g: TypedArray, w: TypedArray): void;
  /** Meta: out (O, C/groups, kH, kW), g (N, O, OH, OW), x, then the window's 11 numbers and groups. */
  conv2dWeightGrad?(meta: Meta, out: TypedArray, g: TypedArray, x: TypedArray): void;
  /** Meta: out (N, C, OH, OW), x (N, C, H, W), int32 index (N, C, OH, OW). Optional: addons built before it lack it. */
  planeGather?(meta: Meta, out: TypedArray, x: TypedArray, index: Int32Array): void;
  /** Meta: out (N, C, H, W), g and int32 index (N, C, OH, OW). */
  planeScatterAdd?(meta: Meta, out: TypedArray, g: TypedArray, index: Int32Array): void;
  /** Meta: the runs, then the step's scalars and flags in the order of native/binding/addon.cc. */
  sgdStep(meta: Meta, param: TypedArray, grad: TypedArray, momentumBuffer: TypedArray): void;
  adamStep(meta: Meta, param: TypedArray, grad: TypedArray, expAvg: TypedArray, expAvgSq: TypedArray, maxExpAvgSq: TypedArray): void;
  rmspropStep(meta: Meta, param: TypedArray, grad: TypedArray, squareAvg: TypedArray, gradAvg: TypedArray, momentumBuffer: TypedArray): void;
  /** Meta: out (dense 1-D). Philox uniforms of blocks counter, counter + 1, … under the key (k0, k1), as src/core/random.ts. */
  philoxUniform(meta: Meta, k0: number, k1: number, counter: number, out: TypedArray): void;
  /** Runs nTasks thread-pool tasks (each with a nested job of nTasks when `nested`), task throwAt throwing; returns how many ran. */
  poolSelfTest(nTasks: number, throwAt: number, nested: boolean): number;
  info(): NativeInfo;
  /** Selects the GEMM instruction set (tests and benchmarks); throws for one the CPU lacks. */
  setIsa(name: string): void;
  setNumThreads(n: number): void;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
/** Where the addon is; LERNWERK_NATIVE_ADDON points elsewhere (tests use it to simulate a failed build). */
export const ADDON_PATH = process.env.LERNWERK_NATIVE_ADDON ?? `${root}build/Release/lernwerk.node`;
export const BUILD_LOG = `${root}build/native-build.log`;

/** Loads the addon, or says in one sentence why it cannot be used. */
export function loadBinding(): { binding: NativeBinding } | { reason: string } {
  if (!existsSync(ADDON_PATH)) {
    let why = "it was not built";
    if (existsSync(BUILD_LOG)) {
      const lines = readFileSync(BUILD_LOG, "utf8").trim().split("\n");
      why = `its build failed: ${lines[lines.length - 1]} (full log: ${BUILD_LOG})`;
    }
    return { reason: `the native addon ${ADDON_PATH} is missing: ${why}; run \`npm run build:native\`` };
  }
  try {
    const binding = createRequire(import.meta.url)(ADDON_PATH) as NativeBinding;
    return { binding };
  } catch (e) {
    return { reason: `the native addon ${ADDON_PATH} does not load: ${(e as Error).message}` };
  }
}

let loaded: ReturnType<typeof loadBinding> | undefined;

/** The addon, loaded once per process (or the reason it is unavailable). */
export function nativeBinding(): ReturnType<typeof loadBinding> {
  loaded ??= loadBinding();
  return loaded;
}
