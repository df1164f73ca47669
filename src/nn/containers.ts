/** @file Containers: Sequential (chains modules), ModuleList (an indexable list), ModuleDict (a named map). */
import type { Tensor } from "../core/tensor.ts";
import { Module, type AnyModule } from "./module.ts";

/** A module mapping one tensor to one tensor; what Sequential chains. */
export type TensorModule = Module<[Tensor], Tensor>;

/** Runs its modules in order; their names are "0", "1", …, as in PyTorch. @example new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU()) */
export class Sequential extends Module {
  constructor(...modules: TensorModule[]) {
    super();
    modules.forEach((m, i) => this.append(m, i));
  }

  /** Adds a module at the end; returns this. */
  append(m: TensorModule, at = this.length): this {
    if (!(m instanceof Module)) throw new TypeError(`Sequential: item ${at} is not a Module (got ${typeof m})`);
    (this as unknown as Record<string, unknown>)[String(at)] = m;
    return this;
  }
  get length(): number {
    return this.children().length;
  }
  /** The i-th module (negative counts from the end). */
  at(i: number): TensorModule {
    const list = this.children() as unknown as TensorModule[];
    const m = list[i < 0 ? i + list.length : i];
    if (!m) throw new RangeError(`Sequential.at: index ${i} is out of range for ${list.length} modules`);
    return m;
  }
  [Symbol.iterator](): Iterator<TensorModule> {
    return (this.children() as unknown as TensorModule[])[Symbol.iterator]();
  }
  forward(x: Tensor): Tensor {
    for (const m of this) x = m.forward(x);
    return x;
  }
}

/** Holds sub-modules in a list so that their parameters are registered; it has no forward of its own. */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<[], never> {
  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }
  append(m: M): this {
    if (!(m instanceof Module)) throw new TypeError(`ModuleList: item ${this.length} is not a Module (got ${typeof m})`);
    (this as unknown as Record<string, unknown>)[String(this.length)] = m;
    return this;
  }
  get length(): number {
    return this.children().length;
  }
  at(i: number): M {
    const list = this.children() as M[];
    const m = list[i < 0 ? i + list.length : i];
    if (!m) throw new RangeError(`ModuleList.at: index ${i} is out of range for ${list.length} modules`);
    return m;
  }
  [Symbol.iterator](): Iterator<M> {
    return (this.children() as M[])[Symbol.iterator]();
  }
  forward(): never {
    throw new Error("ModuleList has no forward(); iterate over it in your module's forward");
  }
}

/** Holds sub-modules by name (keys are used as written in the state dict). */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<[], never> {
  constructor(modules: Record<string, M> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }
  set(key: string, m: M): this {
    if (!(m instanceof Module)) throw new TypeError(`ModuleDict: "${key}" is not a Module (got ${typeof m})`);
    if (/[A-Z.]/.test(key)) throw new RangeError(`ModuleDict: key "${key}" must be snake_case without dots (it becomes a state-dict name)`);
    if (key in this && !this.has(key)) throw new RangeError(`ModuleDict: key "${key}" is a reserved name of Module`);
    (this as unknown as Record<string, unknown>)[key] = m;
    return this;
  }
  get(key: string): M {
    const m = (this as unknown as Record<string, unknown>)[key];
    if (!(m instanceof Module)) throw new RangeError(`ModuleDict: no module "${key}"; keys: ${this.keys().join(", ")}`);
    return m as M;
  }
  has(key: string): boolean {
    return (this as unknown as Record<string, unknown>)[key] instanceof Module;
  }
  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }
  entries(): [string, M][] {
    return this.namedChildren() as [string, M][];
  }
  forward(): never {
    throw new Error("ModuleDict has no forward(); pick modules with get() in your module's forward");
  }
}
