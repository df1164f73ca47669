/** @file Small tensor helpers shared by the layers. */
import type { Tensor } from "../core/tensor.ts";
import { zeros } from "../ops/creation.ts";

/** A fresh float tensor to be initialised (zeros; the layer's init scheme overwrites them). */
export const empty = (shape: readonly number[], dtype: "float32" | "float64" = "float32"): Tensor => zeros([...shape], { dtype });
