/**
 * @file Pareto dominance for multi-objective studies: dominance test, fast non-dominated sort and
 * crowding distance (Deb et al. 2002, NSGA-II), all on values already signed for minimisation.
 */

/** a dominates b: no worse in every objective and better in one (both minimised). */
export function dominates(a: number[], b: number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/** Indices grouped into fronts: front 0 is non-dominated, front 1 is non-dominated once front 0 is removed, … */
export function nonDominatedSort(points: number[][]): number[][] {
  const n = points.length;
  const dominatedBy: number[][] = Array.from({ length: n }, () => []);
  const count = new Array<number>(n).fill(0);
  const fronts: number[][] = [[]];
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      if (p === q) continue;
      if (dominates(points[p], points[q])) dominatedBy[p].push(q);
      else if (dominates(points[q], points[p])) count[p]++;
    }
    if (count[p] === 0) fronts[0].push(p);
  }
  let i = 0;
  while (fronts[i].length > 0) {
    const next: number[] = [];
    for (const p of fronts[i]) for (const q of dominatedBy[p]) if (--count[q] === 0) next.push(q);
    fronts.push(next);
    i++;
  }
  fronts.pop();
  return fronts;
}

/** Crowding distance of each point within one front (boundary points get Infinity). */
export function crowdingDistance(points: number[][]): number[] {
  const n = points.length;
  const dist = new Array<number>(n).fill(0);
  if (n === 0) return dist;
  const m = points[0].length;
  for (let k = 0; k < m; k++) {
    const order = [...points.keys()].sort((a, b) => points[a][k] - points[b][k]);
    const lo = points[order[0]][k];
    const hi = points[order[n - 1]][k];
    dist[order[0]] = Infinity;
    dist[order[n - 1]] = Infinity;
    if (hi === lo) continue;
    for (let i = 1; i < n - 1; i++) dist[order[i]] += (points[order[i + 1]][k] - points[order[i - 1]][k]) / (hi - lo);
  }
  return dist;
}
