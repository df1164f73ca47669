/**
 * @file Row-wise k smallest of a (rows, n) score block, merged into running per-row results: a bounded max-heap per
 * row in typed arrays (no per-row allocation). lernwerk has no top-k op, so this is the one tight loop of FlatIndex.
 */

/** k best (smallest) scores per row and their ids, kept sorted on finish(). Unfilled slots hold +Infinity and id −1. */
export class TopK {
  readonly dist: Float32Array; // (rows, k) heap per row, the worst at [0]
  readonly ids: Int32Array;
  constructor(readonly rows: number, readonly k: number) {
    this.dist = new Float32Array(rows * k).fill(Infinity);
    this.ids = new Int32Array(rows * k).fill(-1);
  }

  /** Offers scores[r·n + j] (row r of the block = result row r0 + r) with id base + j. */
  offerBlock(scores: Float32Array | Float64Array, blockRows: number, n: number, r0: number, idOf: (j: number) => number): void {
    const k = this.k, D = this.dist, I = this.ids;
    for (let r = 0; r < blockRows; r++) {
      const h = (r0 + r) * k, row = r * n;
      let worst = D[h];
      for (let j = 0; j < n; j++) {
        const v = scores[row + j];
        if (v < worst) { this.replaceTop(h, v, idOf(j)); worst = D[h]; }
      }
    }
  }

  /** Replaces the heap top at h and sifts it down. */
  private replaceTop(h: number, v: number, id: number): void {
    const k = this.k, D = this.dist, I = this.ids;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      const c = r < k && D[h + r] > D[h + l] ? r : l;
      if (D[h + c] <= v) break;
      D[h + i] = D[h + c]; I[h + i] = I[h + c];
      i = c;
    }
    D[h + i] = v; I[h + i] = id;
  }

  /** Each row sorted ascending (ties by id). */
  finish(): { dist: Float32Array; ids: Int32Array } {
    const k = this.k;
    const order = new Array<number>(k);
    const d = new Float32Array(k), id = new Int32Array(k);
    for (let r = 0; r < this.rows; r++) {
      const h = r * k;
      for (let i = 0; i < k; i++) order[i] = i;
      order.sort((a, b) => this.dist[h + a] - this.dist[h + b] || this.ids[h + a] - this.ids[h + b]);
      for (let i = 0; i < k; i++) { d[i] = this.dist[h + order[i]]; id[i] = this.ids[h + order[i]]; }
      this.dist.set(d, h); this.ids.set(id, h);
    }
    return { dist: this.dist, ids: this.ids };
  }
}
