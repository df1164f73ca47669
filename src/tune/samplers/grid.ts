/**
 * @file GridSampler: every combination of the given values once, in a seeded random order; running trials'
 * grid points are skipped, so concurrent workers do not repeat one. optimize stops when the grid is done.
 */
import { TuneError, type Distribution, type FrozenTrial, type ParamValue } from "../storage.ts";
import { TuneRng } from "../rng.ts";
import type { Sampler, SamplerContext } from "./base.ts";

const GRID_ID = "grid_id";

export class GridSampler implements Sampler {
  private readonly names: string[];
  private readonly size: number;
  private readonly rng: TuneRng;

  constructor(readonly searchSpace: Record<string, ParamValue[]>, opts: { seed?: number } = {}) {
    this.names = Object.keys(searchSpace).sort();
    if (this.names.length === 0) throw new TuneError("INVALID_ARGUMENT", "GridSampler: searchSpace is empty");
    for (const n of this.names) if (!Array.isArray(searchSpace[n]) || searchSpace[n].length === 0) throw new TuneError("INVALID_ARGUMENT", `GridSampler: values of "${n}" must be a non-empty array`);
    this.size = this.names.reduce((p, n) => p * searchSpace[n].length, 1);
    this.rng = new TuneRng(opts.seed);
  }

  private used(ctx: SamplerContext, includeRunning: boolean): Set<number> {
    const s = new Set<number>();
    for (const t of ctx.trials) {
      const id = t.systemAttrs[GRID_ID];
      if (typeof id === "number" && (t.state === "COMPLETE" || t.state === "PRUNED" || (includeRunning && t.state === "RUNNING"))) s.add(id);
    }
    return s;
  }

  beforeTrial(ctx: SamplerContext, _trial: FrozenTrial): void {
    let used = this.used(ctx, true);
    if (used.size >= this.size) used = this.used(ctx, false);
    const free: number[] = [];
    for (let i = 0; i < this.size; i++) if (!used.has(i)) free.push(i);
    const id = free.length > 0 ? free[this.rng.int(free.length)] : this.rng.int(this.size);
    ctx.setSystemAttr(GRID_ID, id);
  }

  isExhausted(ctx: SamplerContext): boolean {
    return this.used(ctx, true).size >= this.size;
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_ctx: SamplerContext, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    const values = this.searchSpace[name];
    if (!values) throw new TuneError("INVALID_ARGUMENT", `GridSampler: parameter "${name}" is not in the grid (${this.names.join(", ")})`);
    let id = trial.systemAttrs[GRID_ID] as number;
    for (let i = this.names.length - 1; i >= 0; i--) {
      const n = this.names[i];
      const len = this.searchSpace[n].length;
      if (n === name) {
        const v = values[id % len];
        if (dist.type !== "categorical" && typeof v === "number" && (v < dist.low || v > dist.high)) {
          throw new TuneError("INVALID_ARGUMENT", `GridSampler: grid value ${v} of "${name}" is outside [${dist.low}, ${dist.high}]`);
        }
        return v;
      }
      id = Math.floor(id / len);
    }
    throw new TuneError("INVALID_ARGUMENT", `GridSampler: parameter "${name}" is not in the grid`);
  }
}
