/**
 * @file A string being normalized that remembers, for each of its UTF-16 units, the span of the
 * original text it came from, so that tokens can report offsets into the text the user gave.
 */

export class NormalizedString {
  /** `starts[i]`/`ends[i]`: the original span of normalized unit i. */
  constructor(readonly text: string, readonly starts: Int32Array, readonly ends: Int32Array, readonly originalLength: number) {}

  static from(text: string): NormalizedString {
    const n = text.length;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    for (let i = 0; i < n; i++) { starts[i] = i; ends[i] = i + 1; }
    // a surrogate pair maps both units to the whole pair
    for (let i = 0; i + 1 < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { ends[i] = i + 2; starts[i + 1] = i; ends[i + 1] = i + 2; i++; }
    }
    return new NormalizedString(text, starts, ends, n);
  }

  /** The original span of normalized units [start, end). */
  originalSpan(start: number, end: number): [number, number] {
    if (end <= start) {
      const at = start < this.text.length ? this.starts[start] : this.originalLength;
      return [at, at];
    }
    return [this.starts[start], this.ends[end - 1]];
  }

  /**
   * Rewrites the text segment by segment: `segments` cuts the current text into [start, end)
   * runs that cover it, and `fn` gives each run's replacement; every output unit of a run maps
   * to the original span of the whole run.
   */
  rewrite(fn: (segment: string) => string, segments: (text: string) => number[] = codePointBounds): NormalizedString {
    const bounds = segments(this.text);
    let out = "";
    const starts: number[] = [];
    const ends: number[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const a = bounds[k], b = bounds[k + 1];
      const seg = this.text.slice(a, b);
      const rep = fn(seg);
      if (rep === seg) {
        out += seg;
        for (let i = a; i < b; i++) { starts.push(this.starts[i]); ends.push(this.ends[i]); }
        continue;
      }
      out += rep;
      const s = this.starts[a], e = this.ends[b - 1];
      for (let i = 0; i < rep.length; i++) { starts.push(s); ends.push(e); }
    }
    return new NormalizedString(out, Int32Array.from(starts), Int32Array.from(ends), this.originalLength);
  }
}

/** Boundaries between code points: [0, …, text.length]. */
export function codePointBounds(text: string): number[] {
  const b = [0];
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    b.push(i);
  }
  return b;
}

const MARK = /\p{M}/u;

/** Boundaries between a base character and its combining marks (the unit of Unicode normalisation). */
export function combiningBounds(text: string): number[] {
  const cps = codePointBounds(text);
  const b = [0];
  for (let k = 1; k + 1 < cps.length; k++) {
    if (!MARK.test(text.slice(cps[k], cps[k + 1]))) b.push(cps[k]);
  }
  if (text.length > 0) b.push(text.length);
  return b;
}
