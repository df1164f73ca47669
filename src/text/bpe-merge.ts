/**
 * @file The BPE merge loop on integer symbols: repeatedly merge the adjacent pair of lowest rank,
 * leftmost first. A direct scan for short words, a binary heap over a linked list for long ones,
 * so a 1,000,000-symbol word merges in O(n log n) without recursion.
 */

/** The merge table: pair (left id, right id) → rank, and rank → id of the merged symbol. */
export interface MergeTable {
  /** Rank of the pair, or undefined when the pair never merges. */
  rank(left: number, right: number): number | undefined;
  /** Id of the symbol that merge `rank` produces. */
  readonly result: Int32Array;
}

/** A `MergeTable` from `[left, right, merged]` id triples in rank order. */
export function mergeTable(merges: ReadonlyArray<readonly [number, number, number]>): MergeTable {
  const map = new Map<number, number>();
  const result = new Int32Array(merges.length);
  merges.forEach(([a, b, m], r) => {
    const key = a * 0x200000 + b;
    if (!map.has(key)) map.set(key, r);
    result[r] = m;
  });
  return { rank: (a, b) => map.get(a * 0x200000 + b), result };
}

const SHORT = 64;

/** Merges `symbols` in place; returns the number of symbols left (the merged ids are in symbols[0..n)). */
export function bpeMerge(symbols: Int32Array | number[], n: number, table: MergeTable): number {
  return n <= SHORT ? mergeShort(symbols, n, table) : mergeLong(symbols, n, table);
}

function mergeShort(s: Int32Array | number[], n: number, table: MergeTable): number {
  const ranks: number[] = new Array(Math.max(n - 1, 0));
  for (let i = 0; i + 1 < n; i++) ranks[i] = table.rank(s[i], s[i + 1]) ?? Infinity;
  while (n > 1) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i + 1 < n; i++) if (ranks[i] < best) { best = ranks[i]; at = i; }
    if (at < 0) break;
    s[at] = table.result[best];
    for (let i = at + 1; i + 1 < n; i++) { s[i] = s[i + 1]; ranks[i] = ranks[i + 1]; }
    n--;
    ranks.length = n - 1;
    if (at > 0) ranks[at - 1] = table.rank(s[at - 1], s[at]) ?? Infinity;
    if (at + 1 < n) ranks[at] = table.rank(s[at], s[at + 1]) ?? Infinity;
  }
  return n;
}

/** Min-heap of (rank, position) packed into one double: rank · 2^23 + position. */
class PairHeap {
  private data: number[] = [];
  get size(): number { return this.data.length; }
  push(v: number): void {
    const d = this.data;
    let i = d.length;
    d.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (d[p] <= v) break;
      d[i] = d[p];
      i = p;
    }
    d[i] = v;
  }
  pop(): number {
    const d = this.data;
    const top = d[0];
    const last = d.pop() as number;
    if (d.length > 0) {
      let i = 0;
      const n = d.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && d[l + 1] < d[l] ? l + 1 : l;
        if (d[c] >= last) break;
        d[i] = d[c];
        i = c;
      }
      d[i] = last;
    }
    return top;
  }
}

const POS = 0x800000; // 2^23 positions per rank

function mergeLong(s: Int32Array | number[], n: number, table: MergeTable): number {
  if (n >= POS) throw new Error(`bpe: a word of ${n} symbols exceeds the limit of ${POS - 1}`);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) { next[i] = i + 1 < n ? i + 1 : -1; prev[i] = i - 1; }
  const alive = new Uint8Array(n).fill(1);
  const heap = new PairHeap();
  const pushPair = (i: number): void => {
    const j = next[i];
    if (j < 0) return;
    const r = table.rank(s[i], s[j]);
    if (r !== undefined) heap.push(r * POS + i);
  };
  for (let i = 0; i + 1 < n; i++) pushPair(i);
  while (heap.size > 0) {
    const v = heap.pop();
    const r = Math.floor(v / POS);
    const i = v - r * POS;
    const j = next[i];
    if (!alive[i] || j < 0 || table.rank(s[i], s[j]) !== r) continue; // stale entry
    s[i] = table.result[r];
    alive[j] = 0;
    next[i] = next[j];
    if (next[j] >= 0) prev[next[j]] = i;
    if (prev[i] >= 0) pushPair(prev[i]);
    pushPair(i);
  }
  let m = 0;
  for (let i = 0; i >= 0 && i < n; i = next[i]) s[m++] = s[i];
  return m;
}
