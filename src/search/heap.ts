/**
 * @file Binary heaps of (distance, id) pairs in parallel typed arrays, for HNSW's beam search: a min-heap of
 * candidates to expand and a max-heap of the ef best results. They grow by doubling and are reused between searches.
 */

export class PairHeap {
  dist: Float32Array;
  ids: Int32Array;
  size = 0;
  /** sign +1: min-heap; −1: max-heap (distances stored negated). */
  constructor(private readonly sign: 1 | -1, capacity = 64) {
    this.dist = new Float32Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  clear(): void { this.size = 0; }
  /** The top's distance (smallest for a min-heap, largest for a max-heap). */
  topDist(): number { return this.sign * this.dist[0]; }
  topId(): number { return this.ids[0]; }

  push(d: number, id: number): void {
    if (this.size === this.dist.length) {
      const nd = new Float32Array(this.size * 2); nd.set(this.dist); this.dist = nd;
      const ni = new Int32Array(this.size * 2); ni.set(this.ids); this.ids = ni;
    }
    const D = this.dist, I = this.ids, v = this.sign * d;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (D[p] <= v) break;
      D[i] = D[p]; I[i] = I[p]; i = p;
    }
    D[i] = v; I[i] = id;
  }

  /** Removes the top. */
  pop(): void {
    const n = --this.size;
    if (n <= 0) return;
    const D = this.dist, I = this.ids, v = D[n], id = I[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1, c = r < n && D[r] < D[l] ? r : l;
      if (D[c] >= v) break;
      D[i] = D[c]; I[i] = I[c]; i = c;
    }
    D[i] = v; I[i] = id;
  }
}
