/** @file TensorBoard files: SummaryWriter (PyTorch's API), readTfevents, importTfevents into the tracking store. */
export { SummaryWriter, defaultLogDir, type SummaryWriterOptions } from "./summary-writer.ts";
export { readTfevents, type TfEvent, type TfSummaryValue, type ReadTfeventsOptions } from "./reader.ts";
export { importTfevents, type ImportTfeventsOptions, type ImportTfeventsResult, type ImportedRun } from "./import.ts";
export { TfRecordError } from "./record.ts";
export type { HistogramData, ImageData, TensorData } from "./event-proto.ts";
export type { HParamsData, HParamValue } from "./hparams-proto.ts";
export type { HistogramBins } from "./histogram.ts";
export type { EmbeddingOptions } from "./embedding.ts";
