/**
 * @file The Parzen estimator of TPE (Optuna 3.x rules): a weighted mixture of truncated Gaussians per numeric
 * parameter (bandwidth from neighbour gaps with the magic clip, or the multivariate Scott-like rule) and smoothed
 * categorical kernels, plus a prior component of weight priorWeight. Values are in the sampling space.
 */
import { transformedBounds } from "../distributions.ts";
import type { Distribution } from "../storage.ts";
import type { TuneRng } from "../rng.ts";

export interface ParzenOptions {
  considerPrior: boolean;
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  multivariate: boolean;
  weights: (n: number) => number[];
}

const EPS = 1e-12;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erfc with ~1e-7 relative accuracy, good in the tails (Chebyshev fit, Numerical Recipes style). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** log(Φ(b) − Φ(a)) for a < b, stable when both are in one tail. */
function logNormalMass(a: number, b: number): number {
  if (a > 0) return Math.log(Math.max(0.5 * erfc(a / Math.SQRT2) - 0.5 * erfc(b / Math.SQRT2), 1e-300));
  if (b < 0) return Math.log(Math.max(0.5 * erfc(-b / Math.SQRT2) - 0.5 * erfc(-a / Math.SQRT2), 1e-300));
  return Math.log(Math.max(1 - 0.5 * erfc(-a / Math.SQRT2) - 0.5 * erfc(b / Math.SQRT2), 1e-300));
}

interface NumericKernel { kind: "numeric"; low: number; high: number; step: number | null; mus: number[]; sigmas: number[]; logZ: number[] }
interface CategoricalKernel { kind: "categorical"; logProbs: number[][] }
type Kernel = NumericKernel | CategoricalKernel;

export class ParzenEstimator {
  readonly logWeights: number[];
  private readonly weights: number[];
  private readonly kernels = new Map<string, Kernel>();

  /** observations: name → one value per observation (categoricals as choice indices), all of equal length. */
  constructor(observations: Record<string, number[]>, readonly space: Record<string, Distribution>, opts: ParzenOptions) {
    const names = Object.keys(space);
    const n = names.length === 0 ? 0 : observations[names[0]].length;
    const w = n === 0 ? [] : opts.weights(n);
    const comps = opts.considerPrior || n === 0 ? [...w, n === 0 ? 1 : opts.priorWeight] : [...w];
    const total = comps.reduce((a, b) => a + b, 0);
    this.weights = comps.map((x) => x / total);
    this.logWeights = this.weights.map((x) => Math.log(Math.max(x, 1e-300)));
    const withPrior = comps.length > n;
    for (const name of names) {
      const dist = space[name];
      const obs = observations[name];
      if (dist.type === "categorical") {
        const k = dist.choices.length;
        const rows: number[][] = [];
        for (let i = 0; i < comps.length; i++) {
          const row = new Array<number>(k).fill(opts.priorWeight / k);
          if (i < n) row[obs[i]] += 1;
          const s = row.reduce((a, b) => a + b, 0);
          rows.push(row.map((p) => Math.log(p / s)));
        }
        this.kernels.set(name, { kind: "categorical", logProbs: rows });
        continue;
      }
      const { low, high, step } = transformedBounds(dist);
      const priorMu = 0.5 * (low + high);
      const priorSigma = high - low;
      const mus = withPrior ? [...obs, priorMu] : [...obs];
      let sigmas: number[];
      if (opts.multivariate) {
        const s = 0.2 * Math.max(n, 1) ** (-1 / (names.length + 4)) * (high - low);
        sigmas = mus.map(() => s);
      } else {
        const order = [...mus.keys()].sort((a, b) => mus[a] - mus[b]);
        const sorted = order.map((i) => mus[i]);
        const ext = [low, ...sorted, high];
        const ss = sorted.map((_, i) => Math.max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]));
        if (!opts.considerEndpoints && ext.length >= 4) {
          ss[0] = ext[2] - ext[1];
          ss[ss.length - 1] = ext[ext.length - 2] - ext[ext.length - 3];
        }
        sigmas = new Array<number>(mus.length);
        order.forEach((idx, j) => (sigmas[idx] = ss[j]));
      }
      const maxSigma = high - low;
      const minSigma = opts.considerMagicClip ? (high - low) / Math.min(100, 1 + mus.length) : EPS;
      sigmas = sigmas.map((s) => Math.min(maxSigma, Math.max(minSigma, s)));
      if (withPrior) sigmas[sigmas.length - 1] = priorSigma;
      const logZ = mus.map((m, i) => logNormalMass((low - m) / sigmas[i], (high - m) / sigmas[i]));
      this.kernels.set(name, { kind: "numeric", low, high, step, mus, sigmas, logZ });
    }
  }

  /** Draws `size` points: one mixture component per point, then each parameter from that component. */
  sample(rng: TuneRng, size: number): Record<string, number[]> {
    const comps = Array.from({ length: size }, () => rng.choiceWeighted(this.weights));
    const out: Record<string, number[]> = {};
    for (const [name, k] of this.kernels) {
      out[name] = comps.map((c) => {
        if (k.kind === "categorical") return rng.choiceWeighted(k.logProbs[c].map(Math.exp));
        const mu = k.mus[c];
        const sigma = k.sigmas[c];
        let x = mu;
        for (let tries = 0; tries < 1000; tries++) {
          x = mu + sigma * rng.normal();
          if (x >= k.low && x <= k.high) break;
        }
        x = Math.min(k.high, Math.max(k.low, x));
        if (k.step !== null) {
          const lo = k.low + k.step / 2;
          x = lo + Math.round((x - lo) / k.step) * k.step;
          x = Math.min(k.high - k.step / 2, Math.max(lo, x));
        }
        return x;
      });
    }
    return out;
  }

  /** log density (log mass for discrete parameters) of each point. */
  logPdf(points: Record<string, number[]>): number[] {
    const names = [...this.kernels.keys()];
    const m = names.length === 0 ? 0 : points[names[0]].length;
    const out = new Array<number>(m);
    const nc = this.weights.length;
    const acc = new Float64Array(nc);
    for (let p = 0; p < m; p++) {
      for (let c = 0; c < nc; c++) acc[c] = this.logWeights[c];
      for (const name of names) {
        const k = this.kernels.get(name)!;
        const x = points[name][p];
        for (let c = 0; c < nc; c++) {
          if (k.kind === "categorical") {
            acc[c] += k.logProbs[c][x];
          } else if (k.step !== null) {
            const s = k.sigmas[c];
            acc[c] += logNormalMass((x - k.step / 2 - k.mus[c]) / s, (x + k.step / 2 - k.mus[c]) / s) - k.logZ[c];
          } else {
            const z = (x - k.mus[c]) / k.sigmas[c];
            acc[c] += -0.5 * z * z - LOG_SQRT_2PI - Math.log(k.sigmas[c]) - k.logZ[c];
          }
        }
      }
      let mx = -Infinity;
      for (let c = 0; c < nc; c++) mx = Math.max(mx, acc[c]);
      let s = 0;
      for (let c = 0; c < nc; c++) s += Math.exp(acc[c] - mx);
      out[p] = mx + Math.log(s);
    }
    return out;
  }
}
