/** @file The metrics namespace `lw.metrics`: standalone metric functions on tensors or arrays, and the streaming metrics that fit() averages over batches. */
export { accuracy, topKAccuracy, confusionMatrix, precisionRecallFscoreSupport, precision, recall, f1, fbeta, type Average, type PrfOptions, type Prf, type ConfusionMatrixOptions } from "./classification.ts";
export { rocCurve, auc, rocAuc, type RocCurve, type RocAucOptions } from "./roc.ts";
export { classificationReport, classificationReportDict, type ClassificationReportOptions, type ReportDict, type ReportRow } from "./report.ts";
export { meanSquaredError, rootMeanSquaredError, meanAbsoluteError, r2Score, mse, rmse, mae, r2 } from "./regression.ts";
export { perplexity, corpusBleu, sentenceBleu, rouge, rougeTokens, type BleuOptions, type BleuSmoothing, type RougeScore, type RougeType, type Sentence } from "./language.ts";
export { type Label, type LabelInput, type NumericInput, type MatrixInput } from "./input.ts";
export { Metric, MeanMetric, Accuracy, TopKAccuracy, MeanSquaredError, MeanAbsoluteError, RootMeanSquaredError, FunctionMetric, metricFromSpec, METRIC_NAMES, type MetricSpec } from "./streaming.ts";
