/**
 * @file Decoding a sequence token by token from a step function: greedy, sampled, and beam search
 * with length normalisation. The model is any `(token, state) → { logits, state }`.
 */
import type { Tensor } from "../core/tensor.ts";
import { fmtShape } from "../core/shape.ts";
import { noGrad } from "../core/grad-mode.ts";
import { argmaxOf, sample, type SamplingOptions } from "./sampling.ts";

/** One decoding step: the logits (V) of the token after `token`, and the state to continue from. */
export type StepFn<S> = (token: number, state: S) => { logits: Tensor; state: S };

export interface DecodeOptions {
  /** Most tokens to produce (the end token included). */
  maxLength: number;
  /** Stop when this token comes; it is not part of the returned tokens. */
  endToken?: number;
}
export interface Hypothesis<S> { tokens: number[]; state: S; /** Sum of the tokens' log-probabilities. */ logProb: number; /** logProb / length^lengthPenalty. */ score: number }

function checkDecode(o: DecodeOptions, op: string): void {
  if (!Number.isInteger(o?.maxLength) || o.maxLength < 1) throw new RangeError(`${op}: maxLength must be a positive integer, got ${o?.maxLength}`);
}

function logSoftmaxRow(logits: Tensor, op: string): Float64Array {
  if (logits.ndim !== 1) throw new RangeError(`${op}: the step function must return logits of shape [vocab], got ${fmtShape(logits.shape)}`);
  const v = logits.toTypedArray();
  let max = -Infinity, sum = 0;
  for (const x of v) max = Math.max(max, x);
  for (const x of v) sum += Math.exp(x - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(v, (x) => x - lse);
}

/** Samples (or, with temperature 0, takes the argmax) token by token from `start` until endToken or maxLength. */
export function sampleSequence<S>(step: StepFn<S>, startToken: number, state: S, opts: DecodeOptions & SamplingOptions): Hypothesis<S> {
  checkDecode(opts, "sampleSequence");
  return noGrad(() => {
    const tokens: number[] = [];
    let token = startToken, logProb = 0;
    for (let t = 0; t < opts.maxLength; t++) {
      const out = step(token, state);
      state = out.state;
      const lp = logSoftmaxRow(out.logits, "sampleSequence");
      token = (opts.temperature ?? 1) === 0 ? argmaxOf(lp) : sample(out.logits, opts);
      logProb += lp[token];
      if (token === opts.endToken) break;
      tokens.push(token);
    }
    return { tokens, state, logProb, score: logProb / Math.max(1, tokens.length) };
  });
}

/** Greedy decoding: the most likely token at every step. */
export const greedyDecode = <S>(step: StepFn<S>, startToken: number, state: S, opts: DecodeOptions): Hypothesis<S> =>
  sampleSequence(step, startToken, state, { ...opts, temperature: 0 });

export interface BeamSearchOptions extends DecodeOptions {
  /** Hypotheses kept at every step. Default 4. */
  beamWidth?: number;
  /** Scores are logProb / length^lengthPenalty (0: raw sums, which favour short outputs). Default 1. */
  lengthPenalty?: number;
}

/**
 * Beam search: keeps the beamWidth most likely partial outputs; returns the finished ones, best first.
 * @example beamSearch(step, START, h0, { beamWidth: 4, maxLength: 20, endToken: END })[0].tokens
 */
export function beamSearch<S>(step: StepFn<S>, startToken: number, state: S, opts: BeamSearchOptions): Hypothesis<S>[] {
  checkDecode(opts, "beamSearch");
  const k = opts.beamWidth ?? 4, alpha = opts.lengthPenalty ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`beamSearch: beamWidth must be a positive integer, got ${k}`);
  const score = (logProb: number, len: number): number => logProb / Math.max(1, len) ** alpha;
  return noGrad(() => {
    type Beam = { tokens: number[]; last: number; state: S; logProb: number };
    let beams: Beam[] = [{ tokens: [], last: startToken, state, logProb: 0 }];
    const finished: Hypothesis<S>[] = [];
    for (let t = 0; t < opts.maxLength && beams.length; t++) {
      const candidates: (Beam & { token: number })[] = [];
      for (const b of beams) {
        const out = step(b.last, b.state);
        const lp = logSoftmaxRow(out.logits, "beamSearch");
        const best = Array.from(lp.keys()).sort((x, y) => lp[y] - lp[x] || x - y).slice(0, k);
        for (const token of best) candidates.push({ ...b, state: out.state, token, logProb: b.logProb + lp[token] });
      }
      candidates.sort((x, y) => y.logProb - x.logProb);
      beams = [];
      for (const c of candidates.slice(0, k)) {
        if (c.token === opts.endToken) finished.push({ tokens: c.tokens, state: c.state, logProb: c.logProb, score: score(c.logProb, c.tokens.length + 1) });
        else beams.push({ tokens: [...c.tokens, c.token], last: c.token, state: c.state, logProb: c.logProb });
      }
      if (finished.length >= k) break;
    }
    const all = finished.length ? finished : beams.map((b) => ({ tokens: b.tokens, state: b.state, logProb: b.logProb, score: score(b.logProb, b.tokens.length) }));
    return all.sort((x, y) => y.score - x.score);
  });
}
