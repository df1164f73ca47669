/**
 * @file Seeded, counter-based random numbers (Philox 4x32-10). A Generator is a key and a
 * counter, so a run repeats bit for bit from `manualSeed` and its state can be saved and restored.
 */

const M0 = 0xd2511f53, M1 = 0xcd9e8d57, W0 = 0x9e3779b9, W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 (the low half is Math.imul). */
function mulhi(a: number, b: number): number {
  const aH = a >>> 16, aL = a & 0xffff, bH = b >>> 16, bL = b & 0xffff;
  const w1 = aH * bL + ((aL * bL) >>> 16);
  const w2 = aL * bH + (w1 & 0xffff);
  return (aH * bH + Math.floor(w1 / 65536) + Math.floor(w2 / 65536)) >>> 0;
}

/** Philox4x32-10 of a 64-bit counter (two words) under a 64-bit key; writes 4 uint32 into out[at..]. */
function philox(ctrLo: number, ctrHi: number, k0: number, k1: number, out: Uint32Array, at: number): void {
  let c0 = ctrLo >>> 0, c1 = ctrHi >>> 0, c2 = 0, c3 = 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, c0), lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2), lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[at] = c0; out[at + 1] = c1; out[at + 2] = c2; out[at + 3] = c3;
}

/** A reserved run of Philox blocks: the 64-bit key as two words and the first block's counter. */
export interface PhiloxStream { readonly k0: number; readonly k1: number; readonly counter: number }

/**
 * n uniforms in [0, 1) from a stream, the reference every backend's `uniform` kernel matches bit for bit:
 * element i takes words 2(i mod 2) and 2(i mod 2) + 1 (a, b) of block counter + ⌊i/2⌋; float64 keeps 53 bits,
 * ((a >>> 5)·2²⁶ + (b >>> 6)) / 2⁵³, float32 the top 24 bits of a, (a >>> 8) / 2²⁴ (never rounds up to 1).
 */
export function philoxUniform(s: PhiloxStream, n: number, dtype: "float32" | "float64"): Float32Array | Float64Array {
  const out = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  const block = new Uint32Array(4);
  for (let i = 0; i < n; i += 2) {
    const c = s.counter + i / 2;
    philox(c >>> 0, Math.floor(c / 4294967296), s.k0, s.k1, block, 0);
    for (let j = 0; j < 2 && i + j < n; j++) {
      const a = block[2 * j], b = block[2 * j + 1];
      out[i + j] = dtype === "float32" ? (a >>> 8) / 16777216 : ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
    }
  }
  return out;
}

export interface GeneratorState { seed: number; counter: number }

/** A source of random numbers, as torch.Generator. */
export class Generator {
  #seed = 0;
  #counter = 0;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`manualSeed: seed must be a safe integer, got ${seed}`);
    this.#seed = seed;
    this.#counter = 0;
    return this;
  }

  initialSeed(): number {
    return this.#seed;
  }

  getState(): GeneratorState {
    return { seed: this.#seed, counter: this.#counter };
  }

  setState(s: GeneratorState): void {
    if (!Number.isSafeInteger(s?.seed) || !Number.isSafeInteger(s?.counter) || s.counter < 0) {
      throw new TypeError(`Generator.setState: expected { seed, counter } integers, got ${JSON.stringify(s)}`);
    }
    this.#seed = s.seed;
    this.#counter = s.counter;
  }

  /** `n` raw uint32 values; advances the counter by ceil(n / 4). */
  uint32(n: number): Uint32Array {
    const blocks = Math.ceil(n / 4);
    const out = new Uint32Array(blocks * 4);
    const k0 = this.#seed >>> 0, k1 = Math.floor(this.#seed / 4294967296) >>> 0;
    for (let b = 0; b < blocks; b++) {
      const c = this.#counter + b;
      philox(c >>> 0, Math.floor(c / 4294967296), k0, k1, out, b * 4);
    }
    this.#counter += blocks;
    return n === out.length ? out : out.subarray(0, n);
  }

  /** Reserves the blocks of `n` uniforms (⌈n/2⌉) and returns where they start, for a backend's `uniform` kernel. */
  uniformStream(n: number): PhiloxStream {
    const s = { k0: this.#seed >>> 0, k1: Math.floor(this.#seed / 4294967296) >>> 0, counter: this.#counter };
    this.#counter += Math.ceil(n / 2);
    return s;
  }

  /** `n` uniform doubles in [0, 1) with 53 random bits each. */
  uniform(n: number): Float64Array {
    return philoxUniform(this.uniformStream(n), n, "float64") as Float64Array;
  }

  /** `n` standard normal doubles (Box–Muller). */
  normal(n: number): Float64Array {
    const u = this.uniform(n + (n & 1));
    const out = new Float64Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - u[i])); // 1-u in (0, 1]: no log(0)
      const th = 2 * Math.PI * u[i + 1];
      out[i] = r * Math.cos(th);
      if (i + 1 < n) out[i + 1] = r * Math.sin(th);
    }
    return out;
  }

  /** `n` integers uniform in [low, high). */
  integers(n: number, low: number, high: number): Float64Array {
    const u = this.uniform(n);
    for (let i = 0; i < n; i++) u[i] = low + Math.floor(u[i] * (high - low));
    return u;
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    const u = this.uniform(n);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(u[i] * (i + 1));
      const t = out[i]; out[i] = out[j]; out[j] = t;
    }
    return out;
  }
}

/** The generator every random function uses unless given its own. */
export const defaultGenerator = new Generator(0);

/** Seeds the default generator, as torch.manual_seed. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
