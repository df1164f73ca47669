/**
 * @file How a tensor prints: PyTorch's repr (`tensor([[1., 2.], ...])`), with fixed or
 * scientific notation chosen per tensor, summarised with "..." when large.
 */
import type { DType } from "./dtype.ts";
import type { Tensor } from "./tensor.ts";

export interface PrintOptions {
  /** Digits after the decimal point (PyTorch: 4). */
  precision: number;
  /** Above this many elements the tensor is summarised (PyTorch: 1000). */
  threshold: number;
  /** Elements kept at each end of a summarised dim (PyTorch: 3). */
  edgeitems: number;
  /** Characters per line before wrapping (PyTorch: 80). */
  linewidth: number;
}

export const printOptions: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 };

/** Changes how tensors print, as torch.set_printoptions. */
export function setPrintOptions(opts: Partial<PrintOptions>): void {
  Object.assign(printOptions, opts);
}

/** Picks one formatter for all elements, as PyTorch's _Formatter does. */
function makeFormatter(values: number[], dtype: DType): (v: number) => string {
  if (dtype === "bool") return (v) => (v ? "True" : "False");
  if (dtype === "int32") return (v) => String(v);
  const finite = values.filter(Number.isFinite);
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  const p = printOptions.precision;
  if (finite.length === 0) return (v) => (Number.isFinite(v) ? String(v) : special(v));
  if (finite.every(Number.isInteger)) {
    const big = Math.max(...finite.map(Math.abs)) > 1e8;
    return (v) => (!Number.isFinite(v) ? special(v) : big ? v.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2") : `${v.toFixed(0)}.`);
  }
  const abs = finite.map(Math.abs).filter((v) => v !== 0);
  const maxA = Math.max(...abs), minA = Math.min(...abs);
  const sci = abs.length > 0 && (maxA / minA > 1000 || maxA > 1e8 || minA < 1e-4);
  return (v) => {
    if (!Number.isFinite(v)) return special(v);
    return sci ? v.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2") : v.toFixed(p);
  };
}

/** Gathers the printed elements (the edges only, when summarising). */
function collect(t: Tensor, summarise: boolean): number[] {
  const flat = t.toTypedArray();
  if (!summarise) return Array.from(flat);
  const e = printOptions.edgeitems;
  const out: number[] = [];
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const walk = (dim: number, base: number): void => {
    if (dim === t.ndim) { out.push(flat[base]); return; }
    const n = t.shape[dim];
    const idx = n > 2 * e ? [...Array(e).keys(), ...Array.from({ length: e }, (_, i) => n - e + i)] : [...Array(n).keys()];
    for (const i of idx) walk(dim + 1, base + i * strides[dim]);
  };
  walk(0, 0);
  return out;
}

function body(t: Tensor, fmt: (v: number) => string, summarise: boolean, indent: number): string {
  const flat = t.toTypedArray();
  if (t.ndim === 0) return fmt(flat[0]);
  const e = printOptions.edgeitems;
  // As PyTorch, only finite values set the column width: nan, inf and -inf are not padded to it.
  const width = Math.max(...collect(t, summarise).filter(Number.isFinite).map((v) => fmt(v).length), 1);
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const rec = (dim: number, base: number, ind: number): string => {
    const n = t.shape[dim];
    const cut = summarise && n > 2 * e;
    const idx = cut ? [...Array(e).keys(), -1, ...Array.from({ length: e }, (_, i) => n - e + i)] : [...Array(n).keys()];
    if (dim === t.ndim - 1) {
      const items = idx.map((i) => (i < 0 ? " ..." : fmt(flat[base + i * strides[dim]]).padStart(width))); // " ..." as PyTorch
      // Wrap long rows the way PyTorch does: as many items per line as fit.
      const per = Math.max(1, Math.floor((printOptions.linewidth - ind) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += per) lines.push(items.slice(i, i + per).join(", "));
      return `[${lines.join(",\n" + " ".repeat(ind + 1))}]`;
    }
    const sep = ",\n" + "\n".repeat(t.ndim - dim - 2) + " ".repeat(ind + 1);
    return `[${idx.map((i) => (i < 0 ? "..." : rec(dim + 1, base + i * strides[dim], ind + 1))).join(sep)}]`;
  };
  return rec(0, 0, indent);
}

/** PyTorch's repr of a tensor. */
export function formatTensor(t: Tensor): string {
  const prefix = "tensor(";
  const summarise = t.numel > printOptions.threshold;
  const suffixes: string[] = [];
  if (t.numel === 0) suffixes.push(`size=(${t.shape.join(", ")}${t.ndim === 1 ? "," : ""})`);
  if (t.dtype !== "float32" && t.dtype !== "bool") suffixes.push(`dtype=${t.dtype}`);
  if (t.gradFn) suffixes.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requiresGrad=true");
  const text = t.numel === 0 ? "[]" : body(t, makeFormatter(collect(t, summarise), t.dtype), summarise, prefix.length);
  return `${prefix}${[text, ...suffixes].join(", ")})`;
}
