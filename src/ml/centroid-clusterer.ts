/**
 * @file What KMeans and MiniBatchKMeans share once fitted: the centers, the training labels and inertia, and the
 * queries against the centers (predict, transform, score), each checked under the estimator's own name.
 */
import type { Tensor } from "../core/tensor.ts";
import { fromTypedArray } from "../ops/creation.ts";
import { sqEuclidean } from "./distance.ts";
import { asMatrix, fitted, type MatrixLike } from "./input.ts";
import { inertiaOf, nearest } from "./kmeans-lloyd.ts";

export abstract class CentroidClusterer {
  /** (nClusters, features) after fit. */
  clusterCenters: Tensor | null = null;
  /** (samples) int32 cluster of each training sample. */
  labels: Tensor | null = null;
  /** Sum of squared distances of the samples to their closest center. */
  inertia = NaN;
  nFeaturesIn = 0;

  /** The estimator's name in error messages ("KMeans.predict: …"). */
  protected abstract readonly estimatorName: string;

  abstract fit(X: MatrixLike): this;

  /** Index of the closest center for each row (samples) int32. */
  predict(X: MatrixLike): Tensor {
    const [x, c] = this.query(X, "predict");
    return fromTypedArray(nearest(x, c));
  }

  fitPredict(X: MatrixLike): Tensor {
    return this.fit(X).labels!;
  }

  /** Euclidean distance of each row to every center (samples, nClusters). */
  transform(X: MatrixLike): Tensor {
    const [x, c] = this.query(X, "transform");
    return sqEuclidean(x, c).sqrt();
  }

  fitTransform(X: MatrixLike): Tensor {
    return this.fit(X).transform(X);
  }

  /** Minus the inertia of X against the fitted centers (scikit-learn's score: larger is better). */
  score(X: MatrixLike): number {
    const [x, c] = this.query(X, "score");
    return -inertiaOf(x, c, nearest(x, c));
  }

  /** X as a matrix of the centers' dtype and width, and the centers; errors name `estimatorName.method`. */
  private query(X: MatrixLike, method: string): [Tensor, Tensor] {
    const where = `${this.estimatorName}.${method}`;
    const c = fitted(this.clusterCenters, where);
    return [asMatrix(X, where, "X", this.nFeaturesIn).to(c.dtype), c];
  }
}
