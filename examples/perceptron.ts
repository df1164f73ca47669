/**
 * @file Rosenblatt's perceptron on the truth tables of AND, OR and XOR: the first two are
 * linearly separable and are learned; XOR is not, and the perceptron never gets all four right.
 */
import * as lw from "lernwerk";
import { isMain } from "./run.ts";

const INPUTS = lw.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]); // (4, 2)
export const GATES = { AND: [0, 0, 0, 1], OR: [0, 1, 1, 1], XOR: [0, 1, 1, 0] } as const;

/** A single-layer perceptron: step(x · w + b), trained with the perceptron rule w += lr (y − ŷ) x. */
export class Perceptron {
  w = lw.zeros(2);
  b = lw.zeros(1);
  constructor(readonly lr = 0.1) {}

  predict(x: lw.Tensor): lw.Tensor {
    return x.matmul(this.w).add(this.b).gt(0).float(); // (N,)
  }

  /** One pass over the samples; returns how many were misclassified. */
  epoch(x: lw.Tensor, y: lw.Tensor): number {
    let errors = 0;
    for (let i = 0; i < x.shape[0]; i++) {
      const xi = x.index(i);
      const err = y.index(i).sub(this.predict(xi.unsqueeze(0))).item(); // y − ŷ ∈ {−1, 0, 1}
      if (err !== 0) errors++;
      this.w = this.w.add(xi.mul(this.lr * err));
      this.b = this.b.add(this.lr * err);
    }
    return errors;
  }
}

export interface GateResult { gate: string; accuracy: number; epochs: number; predictions: number[] }

/** Trains one perceptron per gate for at most `maxEpochs` passes. */
export function main(maxEpochs = 100, log: (...a: unknown[]) => void = console.log): GateResult[] {
  const results: GateResult[] = [];
  for (const [gate, labels] of Object.entries(GATES)) {
    const y = lw.tensor([...labels]);
    const p = new Perceptron();
    let epochs = 0;
    while (epochs < maxEpochs && p.epoch(INPUTS, y) > 0) epochs++;
    const pred = p.predict(INPUTS);
    const accuracy = pred.eq(y).float().mean().item();
    results.push({ gate, accuracy, epochs, predictions: pred.tolist() as number[] });
    log(`${gate.padEnd(3)}: accuracy ${(accuracy * 100).toFixed(0)}% after ${epochs} epoch(s); w = [${(p.w.tolist() as number[]).map((v) => v.toFixed(2)).join(", ")}], b = ${p.b.item().toFixed(2)}`);
  }
  log("XOR is not linearly separable: no line splits {01, 10} from {00, 11}, so the perceptron cannot learn it.");
  return results;
}

if (isMain(import.meta.url)) main();
