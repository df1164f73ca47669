/** @file Keras activation names → functions (`activation: "relu"` on Dense, or the Activation layer). */
import type { Tensor } from "../../core/tensor.ts";

const ACTIVATIONS: Record<string, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu: (x) => x.relu(),
  sigmoid: (x) => x.sigmoid(),
  tanh: (x) => x.tanh(),
  softmax: (x) => x.softmax(-1),
  leaky_relu: (x) => x.leakyRelu(0.2), // keras.activations.leaky_relu's default negative_slope
  elu: (x) => x.elu(1),
  selu: (x) => x.selu(),
  gelu: (x) => x.gelu(),
  softplus: (x) => x.softplus(),
  silu: (x) => x.mul(x.sigmoid()),
  swish: (x) => x.mul(x.sigmoid()),
};
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS);

/** An activation by name, or a function as given; an unknown name lists the valid ones. */
export function getActivation(a: string | ((x: Tensor) => Tensor) | null | undefined, who: string): (x: Tensor) => Tensor {
  if (a === null || a === undefined) return ACTIVATIONS.linear;
  if (typeof a === "function") return a;
  const fn = ACTIVATIONS[a];
  if (!fn) throw new RangeError(`${who}: unknown activation "${a}"; valid: ${ACTIVATION_NAMES.join(", ")} (or a function)`);
  return fn;
}
