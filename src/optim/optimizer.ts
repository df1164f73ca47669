/**
 * @file The Optimizer base: parameter groups with their own hyper-parameters, per-parameter state,
 * zeroGrad(), and stateDict()/loadStateDict() so training resumes exactly.
 */
import { noGrad } from "../core/grad-mode.ts";
import { Tensor } from "../core/tensor.ts";
import { fmtShape, shapeEquals } from "../core/shape.ts";
import { zerosLike } from "../ops/creation.ts";
import { checkOptions, withKeys } from "../core/options.ts";
import type { DenseRun } from "../backends/fused-optim.ts";

/** One parameter's optimizer state, e.g. `{ step: 3, expAvg, expAvgSq }`. */
export type ParamState = Record<string, Tensor | number>;
/** A group of parameters and its hyper-parameters (those not given come from the optimizer's defaults). */
export type ParamGroup<O> = O & { params: Tensor[] };
/** What an optimizer takes: parameters, or groups of them with options of their own. */
export type Params<O> = Iterable<Tensor> | (Partial<O> & { params: Iterable<Tensor> })[];

export interface OptimizerStateDict<O> {
  /** State per parameter, keyed by the parameter's position over all groups. */
  state: Record<number, ParamState>;
  paramGroups: (O & { params: number[] })[];
}

const cloneState = (s: ParamState): ParamState =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.detach().clone() : v]));

export abstract class Optimizer<O extends object> {
  readonly paramGroups: ParamGroup<O>[] = [];
  readonly state = new Map<Tensor, ParamState>();

  constructor(params: Params<O>, readonly defaults: O) {
    const list = [...(params as Iterable<Tensor | (Partial<O> & { params: Iterable<Tensor> })>)];
    if (list.length === 0) throw new RangeError(`${this.constructor.name}: got an empty parameter list`);
    if (list[0] instanceof Tensor) this.addParamGroup({ params: list as Tensor[] } as Partial<O> & { params: Tensor[] });
    else for (const g of list as (Partial<O> & { params: Iterable<Tensor> })[]) this.addParamGroup(g);
  }

  /** Adds a group (e.g. a layer unfrozen later) with options that override the defaults. */
  addParamGroup(group: Partial<O> & { params: Iterable<Tensor> }): void {
    checkOptions(`${this.constructor.name}: parameter group`, group, withKeys(new Set(Object.keys(this.defaults)), "params"));
    const params = [...group.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new TypeError(`${this.constructor.name}: parameter ${i} is not a Tensor`);
      if (!p.isLeaf) throw new TypeError(`${this.constructor.name}: can only optimize leaf tensors (parameter ${i} of shape ${fmtShape(p.shape)} has a gradFn)`);
      if (seen.has(p)) throw new RangeError(`${this.constructor.name}: a parameter of shape ${fmtShape(p.shape)} appears in more than one group`);
      seen.add(p);
    });
    this.paramGroups.push({ ...this.defaults, ...group, params } as ParamGroup<O>);
  }

  /** Drops the gradients (`setToNone`, the default) or fills them with zeros. */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (opts.setToNone ?? true) p.grad = null;
        else p.grad?.zero_();
      }
    }
  }

  /** One update of every parameter that has a gradient. A closure, if given, re-evaluates the loss first. */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure ? closure() : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (!p.grad) continue;
          let s = this.state.get(p);
          if (!s) this.state.set(p, (s = {}));
          this.update(p, p.grad, s, group);
        }
      }
    });
    return loss;
  }

  /** Updates one parameter in place from its gradient; `state` persists between steps. */
  protected abstract update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<O>): void;

  stateDict(): OptimizerStateDict<O> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...opts } = g;
      return { ...(opts as unknown as O), params: params.map((p) => { index.set(p, index.size); return index.size - 1; }) };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) state[index.get(p)!] = cloneState(s);
    return { state, paramGroups };
  }

  /** Restores hyper-parameters and state saved by stateDict() from an optimizer over the same parameters. */
  loadStateDict(sd: OptimizerStateDict<O>): void {
    const name = this.constructor.name;
    if (!sd || !Array.isArray(sd.paramGroups) || typeof sd.state !== "object") throw new TypeError(`${name}.loadStateDict: expected { state, paramGroups }`);
    if (sd.paramGroups.length !== this.paramGroups.length) throw new RangeError(`${name}.loadStateDict: the state dict has ${sd.paramGroups.length} parameter groups, the optimizer ${this.paramGroups.length}`);
    const flat = this.paramGroups.flatMap((g) => g.params);
    sd.paramGroups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i].params.length) throw new RangeError(`${name}.loadStateDict: group ${i} has ${g.params.length} parameters in the state dict, ${this.paramGroups[i].params.length} in the optimizer`);
    });
    for (const [k, s] of Object.entries(sd.state)) {
      const p = flat[Number(k)];
      if (!p) throw new RangeError(`${name}.loadStateDict: state for parameter ${k}, but the optimizer has ${flat.length}`);
      for (const [key, v] of Object.entries(s)) {
        if (v instanceof Tensor && !shapeEquals(v.shape, p.shape) && v.numel !== 1) throw new RangeError(`${name}.loadStateDict: state "${key}" of parameter ${k} has shape ${fmtShape(v.shape)}, the parameter ${fmtShape(p.shape)}`);
      }
    }
    sd.paramGroups.forEach((g, i) => {
      const { params: _ids, ...opts } = g;
      Object.assign(this.paramGroups[i], opts);
    });
    this.state.clear();
    for (const [k, s] of Object.entries(sd.state)) this.state.set(flat[Number(k)], cloneState(s));
  }
}

/** The state tensor `key` of a parameter, created as zeros of its shape on first use. */
export function stateTensor(state: ParamState, key: string, like: Tensor, init: () => Tensor = () => zerosLike(like)): Tensor {
  let t = state[key];
  if (!(t instanceof Tensor)) state[key] = t = init();
  return t;
}

/**
 * The dense runs of `ts` when all are contiguous tensors of `like`'s shape and float dtype (float32 or float64): then a
 * fused step may loop over the typed arrays directly (the backend's kernel, or for float32 a js loop that rounds with
 * Math.fround where the tensor ops round); else null, and the update falls back to tensor ops.
 */
export function denseRuns(like: Tensor, ts: readonly Tensor[]): DenseRun[] | null {
  if (like.dtype !== "float32" && like.dtype !== "float64") return null;
  const runs: DenseRun[] = [];
  for (const t of ts) {
    if (t.dtype !== like.dtype || !t.isContiguous() || !shapeEquals(t.shape, like.shape)) return null;
    runs.push({ data: t.storage.data as Float32Array | Float64Array, offset: t.offset });
  }
  return runs;
}
