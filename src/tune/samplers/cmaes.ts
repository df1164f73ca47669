/**
 * @file CmaEsSampler: (μ/μ_w, λ)-CMA-ES (Hansen's tutorial update rules) over the numeric intersection space,
 * scaled to the unit box of the transformed bounds (log params in log space); points are resampled into the box,
 * then clipped. Categoricals and params outside the space are sampled independently (random), as Optuna.
 */
import { fromSampling, toSampling, transformedBounds } from "../distributions.ts";
import { TuneError, type Distribution, type FrozenTrial, type ParamValue } from "../storage.ts";
import { TuneRng } from "../rng.ts";
import { intersectionSearchSpace, signed, type Sampler, type SamplerContext } from "./base.ts";
import { sampleUniform } from "./random.ts";

const GEN_KEY = "cma:generation";

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: C = B diag(d) Bᵀ. */
export function symmetricEigen(c: number[][]): { values: number[]; vectors: number[][] } {
  const n = c.length;
  const a = c.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = cs * akp - sn * akq;
          a[k][q] = sn * akp + cs * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = cs * apk - sn * aqk;
          a[q][k] = sn * apk + cs * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = cs * vkp - sn * vkq;
          v[k][q] = sn * vkp + cs * vkq;
        }
      }
    }
  }
  return { values: a.map((r, i) => r[i]), vectors: v };
}

/** The CMA-ES state on the unit box [0, 1]^n. */
export class CmaEs {
  readonly lambda: number;
  readonly mu: number;
  generation = 0;
  sigma: number;
  readonly mean: number[];
  private readonly w: number[];
  private readonly mueff: number;
  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  private C: number[][];
  private B: number[][];
  private D: number[];
  private pc: number[];
  private ps: number[];

  constructor(readonly n: number, mean: number[], sigma: number, private readonly rng: TuneRng, popsize?: number) {
    this.lambda = popsize ?? 4 + Math.floor(3 * Math.log(n));
    this.mu = Math.floor(this.lambda / 2);
    const raw = Array.from({ length: this.mu }, (_, i) => Math.log(this.mu + 0.5) - Math.log(i + 1));
    const s = raw.reduce((a, b) => a + b, 0);
    this.w = raw.map((x) => x / s);
    this.mueff = 1 / this.w.reduce((a, b) => a + b * b, 0);
    const me = this.mueff;
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n);
    this.cs = (me + 2) / (n + me + 5);
    this.c1 = 2 / ((n + 1.3) ** 2 + me);
    this.cmu = Math.min(1 - this.c1, (2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me));
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.mean = [...mean];
    this.sigma = sigma;
    this.C = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    this.B = this.C.map((r) => [...r]);
    this.D = new Array<number>(n).fill(1);
    this.pc = new Array<number>(n).fill(0);
    this.ps = new Array<number>(n).fill(0);
  }

  /** One candidate in the unit box (resampled up to 100 times, then clipped). */
  ask(): number[] {
    let x: number[] = this.mean;
    for (let tries = 0; tries < 100; tries++) {
      const z = Array.from({ length: this.n }, () => this.rng.normal());
      x = this.mean.map((m, i) => {
        let y = 0;
        for (let j = 0; j < this.n; j++) y += this.B[i][j] * this.D[j] * z[j];
        return m + this.sigma * y;
      });
      if (x.every((v) => v >= 0 && v <= 1)) return x;
    }
    return x.map((v) => Math.min(1, Math.max(0, v)));
  }

  /** Updates mean, paths, covariance and step size from λ (x, f) pairs (f minimised). */
  tell(solutions: { x: number[]; f: number }[]): void {
    const n = this.n;
    const sorted = [...solutions].sort((a, b) => a.f - b.f).slice(0, this.mu);
    const ys = sorted.map((s) => s.x.map((v, i) => (v - this.mean[i]) / this.sigma));
    const yw = new Array<number>(n).fill(0);
    ys.forEach((y, k) => y.forEach((v, i) => (yw[i] += this.w[k] * v)));
    for (let i = 0; i < n; i++) this.mean[i] += this.sigma * yw[i];
    // C^{-1/2} yw = B D^{-1} Bᵀ yw
    const bty = this.B[0].map((_, j) => this.B.reduce((acc, row, i) => acc + row[j] * yw[i], 0) / this.D[j]);
    const cinv = this.B.map((row) => row.reduce((acc, b, j) => acc + b * bty[j], 0));
    const kps = Math.sqrt(this.cs * (2 - this.cs) * this.mueff);
    for (let i = 0; i < n; i++) this.ps[i] = (1 - this.cs) * this.ps[i] + kps * cinv[i];
    const psNorm = Math.sqrt(this.ps.reduce((a, b) => a + b * b, 0));
    const hsig = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * (this.generation + 1))) / this.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const kpc = Math.sqrt(this.cc * (2 - this.cc) * this.mueff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i] + hsig * kpc * yw[i];
    const dh = (1 - hsig) * this.cc * (2 - this.cc);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        ys.forEach((y, k) => (rankMu += this.w[k] * y[i] * y[j]));
        const v = (1 - this.c1 - this.cmu) * this.C[i][j] + this.c1 * (this.pc[i] * this.pc[j] + dh * this.C[i][j]) + this.cmu * rankMu;
        this.C[i][j] = v;
        this.C[j][i] = v;
      }
    }
    this.sigma *= Math.exp((this.cs / this.damps) * (psNorm / this.chiN - 1));
    this.sigma = Math.min(Math.max(this.sigma, 1e-12), 1e3);
    const { values, vectors } = symmetricEigen(this.C);
    this.D = values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
    this.B = vectors;
    this.generation++;
  }
}

export interface CmaEsSamplerOptions {
  /** Starting mean (param → value); default the centre of the box. */
  x0?: Record<string, number>;
  /** Starting step size in the unit box; default 1/6 (Optuna: min range / 6). */
  sigma0?: number;
  /** Trials sampled independently before CMA-ES starts; default 1 (as Optuna). */
  nStartupTrials?: number;
  popsize?: number;
  seed?: number;
}

export class CmaEsSampler implements Sampler {
  private readonly rng: TuneRng;
  private optimizer: CmaEs | null = null;
  private spaceKey = "";
  readonly nStartupTrials: number;

  constructor(private readonly opts: CmaEsSamplerOptions = {}) {
    this.rng = new TuneRng(opts.seed);
    this.nStartupTrials = opts.nStartupTrials ?? 1;
    if (opts.sigma0 !== undefined && !(opts.sigma0 > 0)) throw new TuneError("INVALID_ARGUMENT", `CmaEsSampler: sigma0 must be > 0, got ${opts.sigma0}`);
    if (opts.popsize !== undefined && !(Number.isInteger(opts.popsize) && opts.popsize >= 2)) throw new TuneError("INVALID_ARGUMENT", `CmaEsSampler: popsize must be an integer ≥ 2, got ${opts.popsize}`);
  }

  inferRelativeSearchSpace(ctx: SamplerContext): Record<string, Distribution> {
    const space = intersectionSearchSpace(ctx.trials);
    for (const [n, d] of Object.entries(space)) if (d.type === "categorical") delete space[n];
    return space;
  }

  sampleRelative(ctx: SamplerContext, _trial: FrozenTrial, space: Record<string, Distribution>): Record<string, ParamValue> {
    if (ctx.directions.length > 1) throw new TuneError("INVALID_ARGUMENT", "CmaEsSampler: multi-objective studies are not supported; use NSGAIISampler");
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const complete = ctx.trials.filter((t) => t.state === "COMPLETE" && names.every((n) => n in t.params));
    if (complete.length < this.nStartupTrials) return {};
    const bounds = names.map((n) => transformedBounds(space[n]));
    const key = JSON.stringify(space);
    if (this.optimizer === null || key !== this.spaceKey) {
      const mean = names.map((n, i) => {
        const x0 = this.opts.x0?.[n];
        if (x0 === undefined) return 0.5;
        return (toSampling(space[n], x0) - bounds[i].low) / (bounds[i].high - bounds[i].low);
      });
      this.optimizer = new CmaEs(names.length, mean, this.opts.sigma0 ?? 1 / 6, this.rng, this.opts.popsize);
      this.spaceKey = key;
    }
    const opt = this.optimizer;
    const gen = complete.filter((t) => t.systemAttrs[GEN_KEY] === opt.generation);
    if (gen.length >= opt.lambda) {
      const dir = ctx.directions[0];
      const sols = gen.slice(0, opt.lambda).map((t) => ({
        x: names.map((n, i) => (toSampling(space[n], t.params[n] as number) - bounds[i].low) / (bounds[i].high - bounds[i].low)),
        f: signed(dir, t.values![0]),
      }));
      opt.tell(sols);
    }
    const x = opt.ask();
    ctx.setSystemAttr(GEN_KEY, opt.generation);
    const out: Record<string, ParamValue> = {};
    names.forEach((n, i) => (out[n] = fromSampling(space[n], bounds[i].low + x[i] * (bounds[i].high - bounds[i].low))));
    return out;
  }

  sampleIndependent(_ctx: SamplerContext, _trial: FrozenTrial, _name: string, dist: Distribution): ParamValue {
    return sampleUniform(this.rng, dist);
  }
}
