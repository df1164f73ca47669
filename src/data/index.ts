/** @file The data namespace: datasets, the DataLoader, file readers, splits, scalers, encoders and synthetic data. */
export { type Dataset, type Collated, TensorDataset, Subset, ConcatDataset, randomSplit } from "./dataset.ts";
export { DataLoader, defaultCollate, type DataLoaderOptions } from "./dataloader.ts";
export { readIdx, parseIdx, type IdxArray, type IdxData } from "./idx.ts";
export * as datasets from "./datasets/index.ts";
export { readCsv, parseCsv, parseCsvRows, Table, type Column, type CsvOptions } from "./csv.ts";
export { StandardScaler, MinMaxScaler, LabelEncoder } from "./preprocessing.ts";
export { oneHot } from "../nn/functional/layers.ts";
export { trainTestSplit, type TrainTestSplitOptions } from "./split.ts";
export { makeMoons, makeCircles, makeBlobs, makeClassification, makeRegression, type SyntheticOptions, type ClassificationOptions } from "./synthetic.ts";
