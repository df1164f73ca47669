/** @file Activation functions as modules (ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, GELU, LeakyReLU, ELU, SELU, Softplus). */
import type { Tensor } from "../../core/tensor.ts";
import { Module } from "../module.ts";
import { checkOptions, optionKeys } from "../../core/options.ts";

const GELU_OPTIONS = optionKeys<{ approximate?: string }>({ approximate: 1 });
const SOFTPLUS_OPTIONS = optionKeys<{ beta?: number; threshold?: number }>({ beta: 1, threshold: 1 });

export class ReLU extends Module {
  forward(x: Tensor): Tensor { return x.relu(); }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return x.sigmoid(); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return x.tanh(); }
}
export class SELU extends Module {
  forward(x: Tensor): Tensor { return x.selu(); }
}

/** softmax along `dim` (required, as PyTorch recommends). */
export class Softmax extends Module {
  constructor(readonly dim: number) { super(); }
  forward(x: Tensor): Tensor { return x.softmax(this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}
export class LogSoftmax extends Module {
  constructor(readonly dim: number) { super(); }
  forward(x: Tensor): Tensor { return x.logSoftmax(this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

export class GELU extends Module {
  readonly approximate: "none" | "tanh";
  constructor(opts: { approximate?: "none" | "tanh" } = {}) {
    super();
    checkOptions("GELU", opts, GELU_OPTIONS);
    this.approximate = opts.approximate ?? "none";
  }
  forward(x: Tensor): Tensor { return x.gelu({ approximate: this.approximate }); }
  override extraRepr(): string { return `approximate="${this.approximate}"`; }
}
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return x.leakyRelu(this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return x.elu(this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(opts: { beta?: number; threshold?: number } = {}) {
    super();
    checkOptions("Softplus", opts, SOFTPLUS_OPTIONS);
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }
  forward(x: Tensor): Tensor { return x.softplus({ beta: this.beta, threshold: this.threshold }); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}
