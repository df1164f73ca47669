/**
 * @file Limited-memory BFGS (Nocedal & Wright, Alg. 7.4/7.5) with a strong-Wolfe line search (bracketing, then
 * bisection zoom), for the smooth convex objectives of lw.ml; stops as scipy's L-BFGS-B does: max |gradient| <= gtol
 * or a relative decrease of f <= ftol.
 */

/** f(x) and its gradient. */
export type Objective = (x: Float64Array) => { f: number; g: Float64Array };

export interface LbfgsOptions { maxIter: number; gtol: number; ftol?: number; memory?: number; maxLineSearch?: number }
export interface LbfgsResult { x: Float64Array; f: number; nIter: number; converged: boolean }

const dot = (a: Float64Array, b: Float64Array): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const maxAbs = (a: Float64Array): number => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i])); return m; };
const step = (x: Float64Array, d: Float64Array, a: number): Float64Array => { const y = new Float64Array(x.length); for (let i = 0; i < x.length; i++) y[i] = x[i] + a * d[i]; return y; };

export function lbfgs(fg: Objective, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const m = o.memory ?? 10, ftol = o.ftol ?? 64 * 2 ** -52, maxLs = o.maxLineSearch ?? 50;
  let x: Float64Array<ArrayBufferLike> = Float64Array.from(x0);
  let { f, g } = fg(x);
  const S: Float64Array[] = [], Y: Float64Array[] = [], R: number[] = [];
  let it = 0;
  for (; it < o.maxIter; it++) {
    if (maxAbs(g) <= o.gtol) return { x, f, nIter: it, converged: true };
    // Two-loop recursion: d = −H·g.
    const q = Float64Array.from(g), al = new Array<number>(S.length);
    for (let i = S.length - 1; i >= 0; i--) { al[i] = R[i] * dot(S[i], q); for (let j = 0; j < q.length; j++) q[j] -= al[i] * Y[i][j]; }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(Math.sqrt(dot(g, g)), 1e-300);
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
    for (let i = 0; i < S.length; i++) { const b = R[i] * dot(Y[i], q); for (let j = 0; j < q.length; j++) q[j] += S[i][j] * (al[i] - b); }
    let d = q.map((v) => -v);
    if (dot(d, g) >= 0) { d = g.map((v) => -v); S.length = Y.length = R.length = 0; }
    const ls = wolfe(fg, x, f, g, d, maxLs);
    if (!ls) return { x, f, nIter: it, converged: false };
    const s = new Float64Array(x.length), yv = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) { s[i] = ls.x[i] - x[i]; yv[i] = ls.g[i] - g[i]; }
    const sy = dot(s, yv);
    if (sy > 1e-10 * Math.sqrt(dot(yv, yv) * dot(s, s))) { S.push(s); Y.push(yv); R.push(1 / sy); if (S.length > m) { S.shift(); Y.shift(); R.shift(); } }
    const fOld = f;
    x = ls.x; f = ls.f; g = ls.g;
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) return { x, f, nIter: it + 1, converged: true };
  }
  return { x, f, nIter: it, converged: maxAbs(g) <= o.gtol };
}

/** A step along d meeting the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9), or null when none is found. */
function wolfe(fg: Objective, x: Float64Array, f0: number, g0: Float64Array, d: Float64Array, maxLs: number): { x: Float64Array; f: number; g: Float64Array } | null {
  const c1 = 1e-4, c2 = 0.9, dg0 = dot(g0, d);
  let aPrev = 0, fPrev = f0, a = 1;
  let lo = 0, hi = 0, fLo = f0, bracketed = false;
  for (let i = 0; i < maxLs; i++) {
    const xa = step(x, d, a), r = fg(xa), dg = dot(r.g, d);
    if (r.f > f0 + c1 * a * dg0 || (i > 0 && r.f >= fPrev)) { lo = aPrev; fLo = fPrev; hi = a; bracketed = true; break; }
    if (Math.abs(dg) <= -c2 * dg0) return { x: xa, ...r };
    if (dg >= 0) { lo = a; fLo = r.f; hi = aPrev; bracketed = true; break; }
    aPrev = a; fPrev = r.f; a *= 2;
  }
  if (!bracketed) return null;
  for (let i = 0; i < maxLs; i++) {
    const a2 = 0.5 * (lo + hi), xa = step(x, d, a2), r = fg(xa), dg = dot(r.g, d);
    if (r.f > f0 + c1 * a2 * dg0 || r.f >= fLo) hi = a2;
    else {
      if (Math.abs(dg) <= -c2 * dg0) return { x: xa, ...r };
      if (dg * (hi - lo) >= 0) hi = lo;
      lo = a2; fLo = r.f;
    }
    if (Math.abs(hi - lo) < 1e-16) break;
  }
  if (lo > 0) { const xa = step(x, d, lo); return { x: xa, ...fg(xa) }; }
  return null;
}
