/** @file trainTestSplit: seeded random (optionally stratified) split of several tensors at once, as scikit-learn's. */
import { checkOptions, optionKeys } from "../core/options.ts";
import { generatorOf, type SeedOptions } from "./seed.ts";
import type { Generator } from "../core/random.ts";
import { fmtShape } from "../core/shape.ts";
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";

export interface TrainTestSplitOptions extends SeedOptions {
  /** Fraction (0–1) or number of test samples; default 0.25 (or the complement of trainSize). */
  testSize?: number;
  trainSize?: number;
  /** Shuffle before splitting (default true); false takes the last samples as the test set. */
  shuffle?: boolean;
  /** Class labels: each class keeps its share in both parts. */
  stratify?: Tensor;
}
const SPLIT_OPTIONS = optionKeys<TrainTestSplitOptions>({ testSize: 1, trainSize: 1, shuffle: 1, stratify: 1, generator: 1, randomState: 1 });

function sizes(n: number, o: TrainTestSplitOptions): [number, number] {
  const asCount = (v: number, round: (x: number) => number) => (v > 0 && v < 1 ? round(v * n) : v);
  let nTest = o.testSize !== undefined ? asCount(o.testSize, Math.ceil) : undefined;
  let nTrain = o.trainSize !== undefined ? asCount(o.trainSize, Math.floor) : undefined;
  if (nTest === undefined) nTest = nTrain !== undefined ? n - nTrain : Math.ceil(0.25 * n);
  nTrain ??= n - nTest;
  if (!Number.isInteger(nTest) || !Number.isInteger(nTrain) || nTest < 0 || nTrain < 0 || nTest + nTrain > n) {
    throw new RangeError(`trainTestSplit: testSize ${o.testSize} and trainSize ${o.trainSize} do not fit ${n} samples`);
  }
  return [nTrain, nTest];
}

/** Test indices drawn per class in proportion (largest remainders make the total exact). */
function stratifiedTest(labels: ArrayLike<number>, nTest: number, g: Generator): Set<number> {
  const byClass = new Map<number, number[]>();
  Array.from(labels).forEach((c, i) => { if (!byClass.has(c)) byClass.set(c, []); byClass.get(c)!.push(i); });
  const n = labels.length;
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const exact = classes.map((c) => (byClass.get(c)!.length * nTest) / n);
  const take = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - take[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = nTest - take.reduce((a, b) => a + b, 0); left > 0; k++, left--) take[order[k][1]]++;
  const test = new Set<number>();
  classes.forEach((c, ci) => {
    const idx = byClass.get(c)!;
    const perm = g.permutation(idx.length);
    for (let k = 0; k < take[ci]; k++) test.add(idx[perm[k]]);
  });
  return test;
}

/**
 * Splits tensors (same first dim) into train and test parts: returns [aTrain, aTest, bTrain, bTest, …].
 * @example const [xTrain, xTest, yTrain, yTest] = trainTestSplit([X, y], { testSize: 0.2, stratify: y })
 */
export function trainTestSplit(arrays: readonly Tensor[], opts: TrainTestSplitOptions = {}): Tensor[] {
  checkOptions("trainTestSplit", opts, SPLIT_OPTIONS);
  if (!Array.isArray(arrays) || arrays.length === 0) throw new RangeError("trainTestSplit: give at least one tensor, as a list: trainTestSplit([X, y], { testSize })");
  const n = arrays[0].shape[0];
  arrays.forEach((a, i) => {
    if (a.ndim === 0 || a.shape[0] !== n) throw new RangeError(`trainTestSplit: tensor ${i} has shape ${fmtShape(a.shape)}, expected ${n} samples like tensor 0`);
  });
  const [nTrain, nTest] = sizes(n, opts);
  const g = generatorOf("trainTestSplit", opts);
  let trainIdx: number[], testIdx: number[];
  if (opts.stratify) {
    if (opts.shuffle === false) throw new RangeError("trainTestSplit: stratify needs shuffle");
    const test = stratifiedTest(opts.stratify.toTypedArray(), nTest, g);
    const rest = Array.from({ length: n }, (_, i) => i).filter((i) => !test.has(i));
    const perm = g.permutation(rest.length);
    trainIdx = Array.from(perm.subarray(0, nTrain), (k) => rest[k]);
    testIdx = [...test].sort((a, b) => a - b);
  } else {
    const order = opts.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : g.permutation(n);
    trainIdx = Array.from(order.subarray(0, nTrain));
    testIdx = Array.from(order.subarray(n - nTest));
  }
  const tr = fromTypedArray(Int32Array.from(trainIdx)), te = fromTypedArray(Int32Array.from(testIdx));
  return arrays.flatMap((a) => [a.indexSelect(0, tr), a.indexSelect(0, te)]);
}
