/**
 * @file Language metrics: perplexity, BLEU (Papineni et al. 2002, corpus and sentence level, with
 * NLTK's smoothing methods 0–3) and ROUGE-1/2/L (Lin 2004, tokenised as Google's rouge-score).
 */
import { Tensor } from "../core/tensor.ts";
import { noGrad } from "../core/grad-mode.ts";
import { crossEntropy } from "../nn/functional/losses.ts";

/**
 * exp(mean negative log-likelihood). Give the mean NLL (a cross-entropy loss value), or logits
 * (N, V) and int32 targets (N) to compute it; `ignoreIndex` targets are left out.
 */
export function perplexity(meanNll: number): number;
export function perplexity(logits: Tensor, targets: Tensor, opts?: { ignoreIndex?: number }): number;
export function perplexity(a: number | Tensor, targets?: Tensor, opts: { ignoreIndex?: number } = {}): number {
  if (typeof a === "number") {
    if (Number.isNaN(a)) throw new RangeError("perplexity: the mean negative log-likelihood is NaN");
    return Math.exp(a);
  }
  if (!(a instanceof Tensor) || !(targets instanceof Tensor)) throw new TypeError("perplexity: expected a mean NLL number, or logits and targets tensors");
  const logits = a.ndim > 2 ? a.reshape([-1, a.shape[a.ndim - 1]]) : a;
  return Math.exp(noGrad(() => crossEntropy(logits, targets.reshape([-1]), { ignoreIndex: opts.ignoreIndex ?? -100 })).item());
}

/** A sentence as tokens, or as a string split on whitespace. */
export type Sentence = string | readonly string[];
const tokens = (s: Sentence): readonly string[] => (typeof s === "string" ? s.split(/\s+/).filter(Boolean) : s);

/** BLEU smoothing: none (NLTK method0), "floor" (method1: ε = 0.1 matches), "add-one" (method2, n > 1), "exp" (method3, NIST/sacreBLEU: 1/2^k). */
export type BleuSmoothing = "none" | "floor" | "add-one" | "exp";
export interface BleuOptions {
  /** Weights of the 1..N-gram precisions (default [0.25, 0.25, 0.25, 0.25]: BLEU-4). */
  weights?: readonly number[];
  smoothing?: BleuSmoothing;
  /** The ε of "floor" smoothing (default 0.1). */
  epsilon?: number;
}
const SMOOTHINGS: BleuSmoothing[] = ["none", "floor", "add-one", "exp"];
const FLOAT_MIN = 2.2250738585072014e-308; // Python's sys.float_info.min, NLTK's stand-in for log(0)

const ngramCounts = (toks: readonly string[], n: number): Map<string, number> => {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= toks.length; i++) {
    const key = toks.slice(i, i + n).join("\u0000");
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
};

/** Clipped n-gram matches and the n-gram count of the hypothesis (at least 1), as NLTK's modified_precision. */
function modifiedPrecision(refs: readonly (readonly string[])[], hyp: readonly string[], n: number): [number, number] {
  const counts = ngramCounts(hyp, n);
  const maxRef = new Map<string, number>();
  for (const r of refs) for (const [g, c] of ngramCounts(r, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c));
  let num = 0, den = 0;
  for (const [g, c] of counts) { num += Math.min(c, maxRef.get(g) ?? 0); den += c; }
  return [num, Math.max(1, den)];
}

/**
 * Corpus BLEU: n-gram matches and lengths summed over all sentences before the precisions and the
 * brevity penalty are taken. `references[i]` holds the reference translations of `hypotheses[i]`.
 */
export function corpusBleu(references: readonly (readonly Sentence[])[], hypotheses: readonly Sentence[], opts: BleuOptions = {}): number {
  const fn = "corpusBleu";
  const weights = opts.weights ?? [0.25, 0.25, 0.25, 0.25];
  const smoothing = opts.smoothing ?? "none", epsilon = opts.epsilon ?? 0.1;
  if (!SMOOTHINGS.includes(smoothing)) throw new RangeError(`${fn}: smoothing must be one of ${SMOOTHINGS.join(", ")}, got ${JSON.stringify(smoothing)}`);
  if (!Array.isArray(references) || !Array.isArray(hypotheses)) throw new TypeError(`${fn}: expected an array of reference lists and an array of hypotheses`);
  if (references.length !== hypotheses.length) throw new RangeError(`${fn}: ${references.length} reference lists for ${hypotheses.length} hypotheses; give one list of references per hypothesis`);
  if (weights.length === 0 || weights.some((w) => !(w >= 0))) throw new RangeError(`${fn}: weights must be a non-empty list of non-negative numbers`);
  const N = weights.length;
  const num = new Array<number>(N).fill(0), den = new Array<number>(N).fill(0);
  let hypLen = 0, refLen = 0;
  hypotheses.forEach((h, i) => {
    const hyp = tokens(h), refs: (readonly string[])[] = references[i].map((r: Sentence) => tokens(r));
    if (refs.length === 0) throw new RangeError(`${fn}: hypothesis ${i} has no reference`);
    for (let n = 1; n <= N; n++) { const [a, b] = modifiedPrecision(refs, hyp, n); num[n - 1] += a; den[n - 1] += b; }
    hypLen += hyp.length;
    refLen += refs.map((r) => r.length).reduce((best: number, l: number) => (Math.abs(l - hyp.length) < Math.abs(best - hyp.length) || (Math.abs(l - hyp.length) === Math.abs(best - hyp.length) && l < best) ? l : best));
  });
  if (num[0] === 0) return 0;
  const bp = hypLen > refLen ? 1 : hypLen === 0 ? 0 : Math.exp(1 - refLen / hypLen);
  let k = 1;
  const p = num.map((m, i) => {
    if (smoothing === "add-one" && i > 0) return (m + 1) / (den[i] + 1);
    if (m !== 0) return m / den[i];
    if (smoothing === "floor") return epsilon / den[i];
    if (smoothing === "exp") return 1 / (2 ** k++ * den[i]);
    return smoothing === "none" ? FLOAT_MIN : 0;
  });
  let s = 0;
  p.forEach((pi, i) => { if (pi > 0) s += weights[i] * Math.log(pi); });
  return bp * Math.exp(s);
}

/** BLEU of one hypothesis against its references; smoothing defaults to "exp" (sacreBLEU's), as unsmoothed sentence BLEU is 0 for most short sentences. */
export function sentenceBleu(references: readonly Sentence[], hypothesis: Sentence, opts: BleuOptions = {}): number {
  return corpusBleu([references], [hypothesis], { smoothing: "exp", ...opts });
}

export interface RougeScore { precision: number; recall: number; fmeasure: number }
export type RougeType = "rouge1" | "rouge2" | "rougeL" | `rouge${number}`;

/** rouge-score's tokenizer: lower-case, every run of non-[a-z0-9] characters is a separator. */
export const rougeTokens = (text: string): string[] => text.toLowerCase().replace(/[^a-z0-9]+/g, " ").split(/\s+/).filter((t) => /^[a-z0-9]+$/.test(t));

const fscore = (overlap: number, predTotal: number, refTotal: number): RougeScore => {
  const precision = overlap / Math.max(predTotal, 1), recall = overlap / Math.max(refTotal, 1);
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
};

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return prev[b.length];
}

/**
 * ROUGE-N (n-gram overlap) and ROUGE-L (longest common subsequence) of a candidate against a reference,
 * each as precision, recall and F1 (reference first, as rouge-score's `score(target, prediction)`).
 * Strings are tokenised as rouge-score does; token arrays are used as given.
 * @example rouge("the cat sat down", "the cat sat").rouge1.recall // 0.75
 */
export function rouge(reference: Sentence, candidate: Sentence, opts: { types?: readonly RougeType[] } = {}): Record<string, RougeScore> {
  const types = opts.types ?? ["rouge1", "rouge2", "rougeL"];
  const tok = (s: Sentence): readonly string[] => (typeof s === "string" ? rougeTokens(s) : s);
  const cand = tok(candidate), ref = tok(reference);
  const out: Record<string, RougeScore> = {};
  for (const t of types) {
    if (t === "rougeL") {
      const l = cand.length && ref.length ? lcsLength(ref, cand) : 0;
      out[t] = fscore(l, cand.length, ref.length);
      continue;
    }
    const n = Number(/^rouge(\d+)$/.exec(t)?.[1]);
    if (!(n >= 1)) throw new RangeError(`rouge: unknown type ${JSON.stringify(t)}; valid: rouge1, rouge2, …, rougeN, rougeL`);
    const c = ngramCounts(cand, n), r = ngramCounts(ref, n);
    let overlap = 0;
    for (const [g, k] of c) overlap += Math.min(k, r.get(g) ?? 0);
    const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    out[t] = fscore(overlap, total(c), total(r));
  }
  return out;
}
