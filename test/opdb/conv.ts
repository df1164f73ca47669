/**
 * @file Op database entries for convolution and pooling: conv1d/2d, convTranspose1d/2d, max/avg/adaptive-avg pooling.
 * References are direct loops over output (or input) positions, independent of im2col and of the conv-based pools.
 */
import * as lw from "lernwerk";
import { at, build, reshapeNd, type Nd } from "./nd.ts";
import { f64, rand } from "./make.ts";
import { op, type OpInfo } from "./types.ts";

type Two = [number, number];
interface ConvP { stride?: Two; padding?: Two | "same"; dilation?: Two; groups?: number }
interface ConvTP { stride?: Two; padding?: Two; outputPadding?: Two; dilation?: Two; groups?: number }

/** y[n, o, p, q] = b[o] + Σ x[n, c, p·s − pad + i·d, q·s − pad + j·d] · w[o, c − group start, i, j], zero outside x. */
function conv2dRef(x: Nd, w: Nd, b: Nd | undefined, p: ConvP): Nd {
  const [N, C, H, W] = x.shape, [O, Cg, kH, kW] = w.shape;
  const [sh, sw] = p.stride ?? [1, 1], [dh, dw] = p.dilation ?? [1, 1], groups = p.groups ?? 1;
  const same = p.padding === "same";
  const [ph, pw] = same ? [Math.floor((dh * (kH - 1)) / 2), Math.floor((dw * (kW - 1)) / 2)] : ((p.padding as Two | undefined) ?? [0, 0]);
  const OH = same ? H : Math.floor((H + 2 * ph - dh * (kH - 1) - 1) / sh) + 1;
  const OW = same ? W : Math.floor((W + 2 * pw - dw * (kW - 1) - 1) / sw) + 1;
  const Og = O / groups;
  return build([N, O, OH, OW], ([n, o, oh, ow]) => {
    let s = b ? b.data[o] : 0;
    const c0 = Math.floor(o / Og) * Cg;
    for (let c = 0; c < Cg; c++) {
      for (let i = 0; i < kH; i++) {
        for (let j = 0; j < kW; j++) {
          const h = oh * sh - ph + i * dh, v = ow * sw - pw + j * dw;
          if (h >= 0 && h < H && v >= 0 && v < W) s += at(x, [n, c0 + c, h, v]) * at(w, [o, c, i, j]);
        }
      }
    }
    return s;
  });
}

/** Every input element scatters x · w into the output positions its kernel window reaches (the definition of conv-transpose). */
function convTranspose2dRef(x: Nd, w: Nd, b: Nd | undefined, p: ConvTP): Nd {
  const [N, C, H, W] = x.shape, [, Og, kH, kW] = w.shape;
  const [sh, sw] = p.stride ?? [1, 1], [dh, dw] = p.dilation ?? [1, 1], [ph, pw] = p.padding ?? [0, 0];
  const [oph, opw] = p.outputPadding ?? [0, 0], groups = p.groups ?? 1, Cg = C / groups, O = Og * groups;
  const OH = (H - 1) * sh - 2 * ph + dh * (kH - 1) + 1 + oph, OW = (W - 1) * sw - 2 * pw + dw * (kW - 1) + 1 + opw;
  const out = new Array<number>(N * O * OH * OW).fill(0);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let k = 0; k < OH * OW; k++) out[(n * O + o) * OH * OW + k] = b ? b.data[o] : 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const g = Math.floor(c / Cg);
      for (let h = 0; h < H; h++) for (let v = 0; v < W; v++) {
        for (let o = 0; o < Og; o++) for (let i = 0; i < kH; i++) for (let j = 0; j < kW; j++) {
          const oh = h * sh - ph + i * dh, ow = v * sw - pw + j * dw;
          if (oh >= 0 && oh < OH && ow >= 0 && ow < OW) out[((n * O + g * Og + o) * OH + oh) * OW + ow] += at(x, [n, c, h, v]) * at(w, [c, o, i, j]);
        }
      }
    }
  }
  return { shape: [N, O, OH, OW], data: out };
}

interface PoolP { kernelSize: Two; stride?: Two; padding?: Two; dilation?: Two; ceilMode?: boolean; countIncludePad?: boolean }

/** PyTorch's pooling output size, with ceil mode's rule that the last window must start inside the input or left padding. */
function poolOut(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const exact = (size + 2 * p - d * (k - 1) - 1) / s;
  let out = (ceil ? Math.ceil(exact) : Math.floor(exact)) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

/** Max (or mean) over each window; padding never wins a max; NaN propagates. */
function poolRef(x: Nd, p: PoolP, kind: "max" | "avg"): Nd {
  const [N, C, H, W] = x.shape, [kH, kW] = p.kernelSize, [sh, sw] = p.stride ?? p.kernelSize;
  const [ph, pw] = p.padding ?? [0, 0], [dh, dw] = p.dilation ?? [1, 1], ceil = p.ceilMode ?? false;
  const OH = poolOut(H, kH, sh, ph, dh, ceil), OW = poolOut(W, kW, sw, pw, dw, ceil);
  return build([N, C, OH, OW], ([n, c, oh, ow]) => {
    let m = -Infinity, s = 0, inside = 0, padded = 0;
    for (let i = 0; i < kH; i++) for (let j = 0; j < kW; j++) {
      const h = oh * sh - ph + i * dh, v = ow * sw - pw + j * dw;
      if (h < H + ph && v < W + pw) padded++; // avg: the window clipped to the padded input
      if (h < 0 || h >= H || v < 0 || v >= W) continue;
      const val = at(x, [n, c, h, v]);
      m = Number.isNaN(val) || Number.isNaN(m) ? NaN : Math.max(m, val);
      s += val;
      inside++;
    }
    return kind === "max" ? m : s / ((p.countIncludePad ?? true) ? padded : inside);
  });
}

/** Mean over [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) × the same along W. */
function adaptiveRef(x: Nd, [OH, OW]: Two): Nd {
  const [N, C, H, W] = x.shape;
  return build([N, C, OH, OW], ([n, c, i, j]) => {
    const h0 = Math.floor((i * H) / OH), h1 = Math.ceil(((i + 1) * H) / OH), w0 = Math.floor((j * W) / OW), w1 = Math.ceil(((j + 1) * W) / OW);
    let s = 0;
    for (let h = h0; h < h1; h++) for (let v = w0; v < w1; v++) s += at(x, [n, c, h, v]);
    return s / ((h1 - h0) * (w1 - w0));
  });
}

/** (N, C, L) as (N, C, 1, L) and back: the 1-D references reuse the 2-D ones. */
const as2d = (a: Nd): Nd => reshapeNd(a, [a.shape[0], a.shape[1], 1, a.shape[2]]);
const as1d = (a: Nd): Nd => reshapeNd(a, [a.shape[0], a.shape[1], a.shape[3]]);
const TOL32 = { float32: { atol: 1e-4, rtol: 1e-4 } };
const withBias = ([x, w, b]: lw.Tensor[]) => [x, w, b ?? null] as const;

export const convEntries: OpInfo[] = [
  op<ConvP>({
    name: "conv2d",
    fn: (ins, p) => { const [x, w, b] = withBias(ins); return lw.conv2d(x, w, b, p); },
    ref: ([x, w, b], p) => conv2dRef(x, w, b, p),
    grad: true,
    tol: TOL32,
    samples: () => [
      { desc: "3x3, bias", inputs: [rand([2, 3, 5, 4]), rand([2, 3, 3, 3]), rand([2])], params: {} },
      { desc: "stride 2, padding 1", inputs: [rand([1, 2, 5, 5]), rand([3, 2, 3, 3])], params: { stride: [2, 2], padding: [1, 1] } },
      { desc: "dilation (2, 1), padding (2, 0), stride (1, 2)", inputs: [rand([1, 2, 6, 5]), rand([2, 2, 2, 2]), rand([2])], params: { dilation: [2, 1], padding: [2, 0], stride: [1, 2] } },
      { desc: "groups 2", inputs: [rand([2, 4, 4, 4]), rand([4, 2, 2, 3])], params: { groups: 2 } },
      { desc: "padding same, odd kernel", inputs: [rand([1, 2, 4, 5]), rand([2, 2, 3, 3])], params: { padding: "same" } },
      { desc: "weight seen transposed (non-contiguous)", inputs: [rand([1, 2, 4, 4]), rand([3, 2, 2, 2])], params: {}, prep: ([x, w]) => [x, w.transpose(2, 3)] },
      { desc: "empty batch", inputs: [rand([0, 2, 4, 4]), rand([3, 2, 3, 3])], params: {}, grad: false },
      { desc: "NaN and Inf in the input propagate", inputs: [f64([[[[NaN, 1, 2], [3, Infinity, 5], [6, 7, 8]]]]), f64([[[[1, 0], [0, 1]]]])], params: {}, grad: false },
    ],
    errors: [
      { desc: "channels", call: () => lw.conv2d(lw.zeros(1, 3, 5, 5), lw.zeros(4, 2, 3, 3)), message: /^conv2d: expected input with 2 channels \(weight \[4, 2, 3, 3\]\), got 3 channels \(input shape \[1, 3, 5, 5\]\)$/ },
      { desc: "too small", call: () => lw.conv2d(lw.zeros(1, 1, 2, 2), lw.zeros(1, 1, 3, 3)), message: /^conv2d: input of spatial size 2×2 is smaller than the kernel 3×3/ },
      { desc: "weight rank", call: () => lw.conv2d(lw.zeros(1, 1, 4, 4), lw.zeros(1, 3, 3)), message: /^conv2d: weight must be 4-D \(out, in\/groups, kH, kW\), got shape \[1, 3, 3\]/ },
      { desc: "bias shape", call: () => lw.conv2d(lw.zeros(1, 1, 4, 4), lw.zeros(2, 1, 3, 3), lw.zeros(3)), message: /^conv2d: bias must have shape \[2\], got \[3\]/ },
      { desc: "stride 0", call: () => lw.conv2d(lw.zeros(1, 1, 4, 4), lw.zeros(2, 1, 3, 3), null, { stride: 0 }), message: /^conv2d: stride must be a positive integer or 2 of them, got 0/ },
      { desc: "groups", call: () => lw.conv2d(lw.zeros(1, 3, 4, 4), lw.zeros(2, 1, 3, 3), null, { groups: 2 }), message: /^conv2d: groups 2 must divide both the input channels 3 and the output channels 2/ },
    ],
  }),
  op<ConvP>({
    name: "conv1d",
    fn: (ins, p) => { const [x, w, b] = withBias(ins); return lw.conv1d(x, w, b, { ...p, stride: p.stride?.[1], dilation: p.dilation?.[1], padding: p.padding === "same" ? "same" : p.padding?.[1] }); },
    ref: ([x, w, b], p) => as1d(conv2dRef(as2d(x), as2d(w), b, p)),
    grad: true,
    tol: TOL32,
    samples: () => [
      { desc: "k3, bias", inputs: [rand([2, 3, 7]), rand([2, 3, 3]), rand([2])], params: {} },
      { desc: "stride 2, padding 2, dilation 2", inputs: [rand([1, 2, 9]), rand([3, 2, 3])], params: { stride: [1, 2], padding: [0, 2], dilation: [1, 2] } },
    ],
    errors: [{ desc: "channels", call: () => lw.conv1d(lw.zeros(2, 3, 8), lw.zeros(4, 2, 3)), message: /^conv1d: expected input with 2 channels \(weight \[4, 2, 3\]\), got 3 channels \(input shape \[2, 3, 8\]\)$/ }],
  }),
  op<ConvTP>({
    name: "convTranspose2d",
    fn: (ins, p) => { const [x, w, b] = withBias(ins); return lw.convTranspose2d(x, w, b, p); },
    ref: ([x, w, b], p) => convTranspose2dRef(x, w, b, p),
    grad: true,
    tol: TOL32,
    samples: () => [
      { desc: "3x3, bias", inputs: [rand([2, 3, 3, 2]), rand([3, 2, 3, 3]), rand([2])], params: {} },
      { desc: "stride 2, padding 1, outputPadding 1", inputs: [rand([1, 2, 3, 3]), rand([2, 3, 3, 3])], params: { stride: [2, 2], padding: [1, 1], outputPadding: [1, 1] } },
      { desc: "groups 2, dilation 2, stride (1, 2)", inputs: [rand([1, 4, 2, 3]), rand([4, 1, 2, 2]), rand([2])], params: { groups: 2, dilation: [2, 2], stride: [1, 2] } },
    ],
    errors: [
      { desc: "channels", call: () => lw.convTranspose2d(lw.zeros(1, 2, 3, 3), lw.zeros(4, 2, 3, 3)), message: /^convTranspose2d: expected input with 4 channels \(weight \[4, 2, 3, 3\]\), got 2 channels/ },
      { desc: "outputPadding", call: () => lw.convTranspose2d(lw.zeros(1, 2, 3, 3), lw.zeros(2, 2, 3, 3), null, { stride: 2, outputPadding: 2 }), message: /^convTranspose2d: outputPadding must be smaller than the stride, got outputPadding 2 and stride 2/ },
    ],
  }),
  op<ConvTP>({
    name: "convTranspose1d",
    fn: (ins, p) => { const [x, w, b] = withBias(ins); return lw.convTranspose1d(x, w, b, { stride: p.stride?.[1], padding: p.padding?.[1] }); },
    ref: ([x, w, b], p) => as1d(convTranspose2dRef(as2d(x), as2d(w), b, p)),
    grad: true,
    tol: TOL32,
    samples: () => [{ desc: "stride 3, padding 1", inputs: [rand([2, 2, 4]), rand([2, 3, 4]), rand([3])], params: { stride: [1, 3], padding: [0, 1] } }],
    errors: [{ desc: "rank", call: () => lw.convTranspose1d(lw.zeros(2, 2, 4, 4), lw.zeros(2, 3, 4)), message: /^convTranspose1d: expected a 2-D \(C, L\) or 3-D \(N, C, L\) input, got shape \[2, 2, 4, 4\]/ }],
  }),
  op<PoolP>({
    name: "maxPool2d",
    fn: ([x], { kernelSize, ...o }) => lw.maxPool2d(x, kernelSize, o),
    ref: ([x], p) => poolRef(x, p, "max"),
    grad: true,
    samples: () => [
      { desc: "2x2", inputs: [rand([2, 2, 4, 5])], params: { kernelSize: [2, 2] } },
      { desc: "3x3, stride 2, padding 1", inputs: [rand([1, 2, 5, 5])], params: { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1] } },
      { desc: "dilation 2, ceilMode", inputs: [rand([1, 1, 6, 7])], params: { kernelSize: [2, 2], dilation: [2, 2], ceilMode: true } },
      { desc: "NaN wins, -Inf loses", inputs: [f64([[[[NaN, 1], [2, 3]], [[-Infinity, -Infinity], [-Infinity, 0]]]])], params: { kernelSize: [2, 2] }, grad: false },
    ],
    errors: [
      { desc: "padding", call: () => lw.maxPool2d(lw.zeros(1, 1, 4, 4), 2, { padding: 2 }), message: /^maxPool2d: padding 2×2 must be at most half of the kernel 2×2/ },
      { desc: "too small", call: () => lw.maxPool2d(lw.zeros(1, 1, 1, 4), 2), message: /^maxPool2d: input of spatial size 1×4 is smaller than the kernel 2×2/ },
      { desc: "rank", call: () => lw.maxPool2d(lw.zeros(4, 4), 2), message: /^maxPool2d: expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[4, 4\]/ },
    ],
  }),
  op<PoolP>({
    name: "maxPool1d",
    fn: ([x], { kernelSize, stride, padding }) => lw.maxPool1d(x, kernelSize[1], { stride: stride?.[1], padding: padding?.[1] }),
    ref: ([x], p) => as1d(poolRef(as2d(x), p, "max")),
    grad: true,
    samples: () => [{ desc: "3, stride 2, padding 1", inputs: [rand([2, 2, 9])], params: { kernelSize: [1, 3], stride: [1, 2], padding: [0, 1] } }],
    errors: [{ desc: "kernel", call: () => lw.maxPool1d(lw.zeros(1, 1, 4), 0), message: /^maxPool1d: kernelSize must be a positive integer, got 0/ }],
  }),
  op<PoolP>({
    name: "avgPool2d",
    fn: ([x], { kernelSize, ...o }) => lw.avgPool2d(x, kernelSize, o),
    ref: ([x], p) => poolRef(x, p, "avg"),
    grad: true,
    tol: TOL32,
    samples: () => [
      { desc: "2x2", inputs: [rand([2, 2, 4, 5])], params: { kernelSize: [2, 2] } },
      { desc: "3x3, stride 2, padding 1", inputs: [rand([1, 2, 5, 6])], params: { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1] } },
      { desc: "no countIncludePad, ceilMode", inputs: [rand([1, 1, 6, 5])], params: { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false, ceilMode: true } },
    ],
    errors: [
      { desc: "divisor", call: () => lw.avgPool2d(lw.zeros(1, 1, 4, 4), 2, { divisorOverride: 0 }), message: /^avgPool2d: divisorOverride must be positive, got 0/ },
      { desc: "int input", call: () => lw.avgPool2d(lw.zeros(1, 1, 4, 4, { dtype: "int32" }), 2), message: /^avgPool2d: expected a floating-point tensor, got dtype int32/ },
    ],
  }),
  op<PoolP>({
    name: "avgPool1d",
    fn: ([x], { kernelSize, stride }) => lw.avgPool1d(x, kernelSize[1], { stride: stride?.[1] }),
    ref: ([x], p) => as1d(poolRef(as2d(x), p, "avg")),
    grad: true,
    tol: TOL32,
    samples: () => [{ desc: "3, stride 2", inputs: [rand([2, 3, 8])], params: { kernelSize: [1, 3], stride: [1, 2] } }],
    errors: [{ desc: "too small", call: () => lw.avgPool1d(lw.zeros(1, 1, 2), 3), message: /^avgPool1d: input of spatial size 2 is smaller than the kernel 3/ }],
  }),
  op<{ size: Two }>({
    name: "adaptiveAvgPool2d",
    fn: ([x], { size }) => lw.adaptiveAvgPool2d(x, size),
    ref: ([x], { size }) => adaptiveRef(x, size),
    grad: true,
    tol: TOL32,
    samples: () => [
      { desc: "(5, 7) to (3, 4): overlapping windows", inputs: [rand([2, 2, 5, 7])], params: { size: [3, 4] } },
      { desc: "global (1, 1)", inputs: [rand([2, 3, 4, 3])], params: { size: [1, 1] } },
      { desc: "upsampling (2, 3) to (4, 5)", inputs: [rand([1, 1, 2, 3])], params: { size: [4, 5] } },
    ],
    errors: [{ desc: "size", call: () => lw.adaptiveAvgPool2d(lw.zeros(1, 1, 4, 4), 0), message: /^adaptiveAvgPool2d: outputSize must be a positive integer or 2 of them, got \[0, 0\]/ }],
  }),
  op<{ size: number }>({
    name: "adaptiveAvgPool1d",
    fn: ([x], { size }) => lw.adaptiveAvgPool1d(x, size),
    ref: ([x], { size }) => as1d(adaptiveRef(as2d(x), [1, size])),
    grad: true,
    tol: TOL32,
    samples: () => [{ desc: "7 to 3", inputs: [rand([2, 2, 7])], params: { size: 3 } }],
    errors: [{ desc: "rank", call: () => lw.adaptiveAvgPool1d(lw.zeros(1, 1, 4, 4), 2), message: /^adaptiveAvgPool1d: expected a 2-D \(C, L\) or 3-D \(N, C, L\) input, got shape \[1, 1, 4, 4\]/ }],
  }),
];
