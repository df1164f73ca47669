/** @file The plot namespace `lw.plot`: learning curves, confusion-matrix heat-maps and ROC curves written as SVG (and PNG) by one call. */
export { history, historySvg, type HistoryPlotOptions } from "./history.ts";
export { confusionMatrix, confusionMatrixSvg, type ConfusionPlotOptions } from "./confusion.ts";
export { roc, rocSvg, type RocPlotOptions } from "./roc.ts";
export { writeFigure, svgToPng, type WriteOptions } from "./write.ts";
export { clusters, clustersSvg, type ScatterPlotOptions, type Points2D } from "./scatter.ts";
