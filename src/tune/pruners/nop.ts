/** @file NopPruner: never prunes (the default pruner when none is given is MedianPruner, as Optuna). */
import type { Pruner } from "./base.ts";

export class NopPruner implements Pruner {
  prune(): boolean {
    return false;
  }
}
