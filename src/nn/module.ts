/**
 * @file nn.Module: the base of every layer and model. Parameters, buffers and child modules are
 * found in the object's own properties, and named in snake_case so state dicts match PyTorch's keys.
 */
import { noGrad } from "../core/grad-mode.ts";
import { fmtShape, shapeEquals } from "../core/shape.ts";
import { Tensor } from "../core/tensor.ts";
import { Parameter } from "./parameter.ts";

/** A state dict: tensors keyed by dotted PyTorch names, e.g. `linear_relu_stack.0.weight`. */
export type StateDict = Record<string, Tensor>;

export interface LoadStateDictOptions {
  /** Fail on missing or unexpected keys (default true); mis-shaped tensors always fail. */
  strict?: boolean;
}
export interface LoadStateDictResult { missingKeys: string[]; unexpectedKeys: string[] }

/** A property name as a state-dict key: `linearReluStack` → `linear_relu_stack`, `runningMean` → `running_mean`. */
export const stateName = (prop: string): string => prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Any module, whatever its forward's signature. */
export type AnyModule = Module<never, unknown>;

/**
 * Subclass it, create layers and `Parameter`s as properties in the constructor, and write
 * `forward`. Properties are registered in the order they are assigned, as in PyTorch.
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (Dropout drops, BatchNorm uses batch statistics); see train() and eval(). */
  training = true;
  readonly #buffers = new Map<string, { persistent: boolean }>();
  readonly #keys = new Map<string, string>();

  abstract forward(...inputs: In): Out;

  /** Registers a non-learnable tensor saved in the state dict (unless `persistent: false`), e.g. BatchNorm's running mean. */
  protected registerBuffer(prop: string, value: Tensor | null, opts: { persistent?: boolean } = {}): void {
    (this as unknown as Record<string, unknown>)[prop] = value;
    this.#buffers.set(prop, { persistent: opts.persistent ?? true });
  }

  /**
   * Names property `prop` `key` in the state dict where snake_case cannot spell the checkpoint's name,
   * e.g. Hugging Face BERT's `LayerNorm` (PyTorch lets a module be registered under any name).
   */
  protected stateKey(prop: string, key: string): void {
    this.#keys.set(prop, key);
  }

  #own<T>(pick: (prop: string, v: unknown) => v is T): [string, T][] {
    const out: [string, T][] = [];
    for (const [prop, v] of Object.entries(this)) if (pick(prop, v)) out.push([this.#keys.get(prop) ?? stateName(prop), v]);
    return out;
  }
  #ownParameters = (): [string, Parameter][] => this.#own((_p, v): v is Parameter => v instanceof Parameter);
  #ownBuffers = (persistentOnly: boolean): [string, Tensor][] =>
    this.#own((p, v): v is Tensor => v instanceof Tensor && !(v instanceof Parameter) && this.#buffers.has(p) && (!persistentOnly || this.#buffers.get(p)!.persistent));

  /** The direct sub-modules with their names. */
  namedChildren(): [string, AnyModule][] {
    return this.#own((_p, v): v is AnyModule => v instanceof Module);
  }
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all below it, depth first, each once; the root's name is "". */
  namedModules(prefix = ""): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const walk = (m: AnyModule, name: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [n, c] of m.namedChildren()) walk(c, name ? `${name}.${n}` : n);
    };
    walk(this as unknown as AnyModule, prefix);
    return out;
  }
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  #collect<T extends Tensor>(own: (m: Module<never, unknown>) => [string, T][], recurse: boolean): [string, T][] {
    const out: [string, T][] = [];
    const seen = new Set<Tensor>();
    const mods = recurse ? this.namedModules() : [["", this as unknown as AnyModule] as [string, AnyModule]];
    for (const [prefix, m] of mods) {
      for (const [n, t] of own(m)) {
        if (seen.has(t)) continue; // a tensor shared by two layers counts once
        seen.add(t);
        out.push([prefix ? `${prefix}.${n}` : n, t]);
      }
    }
    return out;
  }

  /** Every parameter with its dotted name, e.g. `["0.weight", p]`. */
  namedParameters(opts: { recurse?: boolean } = {}): [string, Parameter][] {
    return this.#collect((m) => m.#ownParameters(), opts.recurse ?? true);
  }
  parameters(opts: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(opts).map(([, p]) => p);
  }
  namedBuffers(opts: { recurse?: boolean } = {}): [string, Tensor][] {
    return this.#collect((m) => m.#ownBuffers(false), opts.recurse ?? true);
  }
  buffers(opts: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(opts).map(([, b]) => b);
  }

  /** Sets training mode on this module and every sub-module; returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Calls fn on every sub-module (children first) and then on this one, e.g. to initialise weights. */
  apply(fn: (m: AnyModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this as unknown as AnyModule);
    return this;
  }

  /** Freezes (false) or unfreezes every parameter below this module, as PyTorch's requires_grad_(); returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** Drops every parameter's gradient (sets .grad to null, as PyTorch's default). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Parameters and persistent buffers keyed by PyTorch names; the tensors share memory with the model. */
  stateDict(): StateDict {
    // PyTorch's order: module by module (pre-order), each module's parameters, then its buffers.
    const out: StateDict = {};
    for (const [prefix, m] of this.namedModules()) {
      for (const [n, t] of [...m.#ownParameters(), ...m.#ownBuffers(true)]) out[prefix ? `${prefix}.${n}` : n] = t.detach();
    }
    return out;
  }

  /** Copies a state dict's tensors into this module; lists every missing, unexpected and mis-shaped key. */
  loadStateDict(state: StateDict, opts: LoadStateDictOptions = {}): LoadStateDictResult {
    if (state === null || typeof state !== "object") throw new TypeError(`loadStateDict: expected an object of tensors, got ${state === null ? "null" : typeof state}`);
    const strict = opts.strict ?? true;
    const own = this.stateDict();
    // own keys only: a checkpoint key "constructor" or "toString" is unexpected, not Object.prototype's member
    const missingKeys = Object.keys(own).filter((k) => !Object.hasOwn(state, k));
    const unexpectedKeys = Object.keys(state).filter((k) => !Object.hasOwn(own, k));
    const problems: string[] = [];
    for (const [k, target] of Object.entries(own)) {
      const src = Object.hasOwn(state, k) ? state[k] : undefined;
      if (src === undefined) continue;
      if (!(src instanceof Tensor)) problems.push(`${k}: expected a Tensor, got ${typeof src}`);
      else if (!shapeEquals(src.shape, target.shape)) problems.push(`size mismatch for ${k}: the state dict has shape ${fmtShape(src.shape)}, the model has ${fmtShape(target.shape)}`);
    }
    if (strict && missingKeys.length) problems.push(`missing keys: ${missingKeys.join(", ")}`);
    if (strict && unexpectedKeys.length) problems.push(`unexpected keys: ${unexpectedKeys.join(", ")}`);
    if (problems.length) {
      throw new Error(`loadStateDict: error(s) in loading the state dict for ${this.constructor.name}:\n  ${problems.join("\n  ")}`);
    }
    noGrad(() => {
      for (const [k, target] of Object.entries(own)) if (Object.hasOwn(state, k) && state[k]) target.copy_(state[k]);
    });
    return { missingKeys, unexpectedKeys };
  }

  /** One line of settings shown by toString(), e.g. `inFeatures=784, outFeatures=512, bias=true`. */
  extraRepr(): string {
    return "";
  }

  /** PyTorch-style tree of the modules, with parameter counts. */
  toString(): string {
    const own = this.#ownParameters().reduce((n, [, p]) => n + p.numel, 0);
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    const count = (n: number): string => (n ? `  # ${n.toLocaleString("en-US")} parameters` : "");
    let body: string;
    if (!children.length) body = `${head})${count(own)}`;
    else {
      const lines = children.map(([n, c]) => `  (${n}): ${c.toString().split("\n").join("\n  ")}`);
      body = `${head}${this.extraRepr() ? "," : ""}\n${lines.join("\n")}\n)`;
    }
    return body;
  }

  /** Number of parameter elements (only those requiring grad with `trainable`). */
  numParameters(opts: { trainable?: boolean } = {}): number {
    return this.parameters().filter((p) => !opts.trainable || p.requiresGrad).reduce((n, p) => n + p.numel, 0);
  }

  /** The tree of modules plus a total line: what `console.log(model)` shows. */
  summary(): string {
    const total = this.numParameters(), trainable = this.numParameters({ trainable: true });
    return `${this.toString()}\nTotal parameters: ${total.toLocaleString("en-US")} (trainable: ${trainable.toLocaleString("en-US")})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.summary();
  }
}
