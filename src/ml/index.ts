/** @file lw.ml: classical machine learning with scikit-learn's names (KMeans, DBSCAN, PCA, LogisticRegression, Pipeline, clustering metrics). */
export { KMeans, type KMeansOptions, type KMeansInit } from "./kmeans.ts";
export { DBSCAN, type DBSCANOptions } from "./dbscan.ts";
export { PCA, type PCAOptions } from "./pca.ts";
export { LogisticRegression, type LogisticRegressionOptions } from "./logistic.ts";
export { StandardScaler, MinMaxScaler } from "../data/preprocessing.ts";
export { type MatrixLike, type LabelsLike } from "./input.ts";
export { type Metric } from "./distance.ts";
export { MiniBatchKMeans, type MiniBatchKMeansOptions } from "./minibatch-kmeans.ts";
export { silhouetteScore, adjustedRandScore, clusterPurity } from "./metrics.ts";
export { Pipeline, type Step, type Transformer, type Estimator } from "./pipeline.ts";
export { AgglomerativeClustering, type AgglomerativeClusteringOptions, type Linkage } from "./agglomerative.ts";
export { NearestNeighbors, KNeighborsClassifier, type NearestNeighborsOptions, type KNeighborsClassifierOptions, type KNeighborsResult } from "./neighbors.ts";
export * as datasets from "./datasets.ts";
