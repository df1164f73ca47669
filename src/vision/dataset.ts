/** @file TransformDataset: a dataset of [image, label] samples whose images pass through a transform (augmentation). */
import type { Tensor } from "../core/tensor.ts";
import type { Collated, Dataset } from "../data/dataset.ts";
import type { Transform } from "./augment.ts";

/**
 * Applies `transform` to the image of every sample; a whole batch at once when the inner dataset can give
 * batches (each sample still draws its own random parameters). @example new lw.vision.TransformDataset(train, randomRotation(10))
 */
export class TransformDataset<Y> implements Dataset<[Tensor, Y]> {
  /** Present when the inner dataset has getBatch (else the DataLoader collates transformed items). */
  readonly getBatch?: (indices: Int32Array) => Collated<[Tensor, Y]>;

  constructor(readonly dataset: Dataset<[Tensor, Y]>, readonly transform: Transform) {
    const inner = dataset.getBatch?.bind(dataset);
    if (inner) {
      this.getBatch = (indices) => {
        const [x, y] = inner(indices) as [Tensor, Collated<Y>];
        return [transform(x), y] as Collated<[Tensor, Y]>;
      };
    }
  }
  get length(): number {
    return this.dataset.length;
  }
  getItem(index: number): [Tensor, Y] {
    const [x, y] = this.dataset.getItem(index);
    return [this.transform(x), y];
  }
}
