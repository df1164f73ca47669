/** @file model.summary() as tf.keras 2 prints it: layer (type), output shape, parameter count (and "Connected to" for branching models), totals with memory. */
import type { Model } from "./model.ts";

/** "397.54 KB", as Keras's readable_memory_size (1024-based, float32 weights). */
export function readableMemorySize(bytes: number): string {
  const units = ["Byte", "KB", "MB", "GB", "TB", "PB"];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
  return `${bytes.toFixed(2)} ${units[i]}`;
}

/** One printed row: the first column is indented by a space, each column keeps two spaces before the next. */
function row(fields: string[], positions: number[]): string {
  let line = "";
  fields.forEach((f, col) => {
    const start = col ? positions[col - 1] : 0, end = positions[col];
    const space = col !== positions.length - 1 ? 2 : 0;
    if (col === 0) line += " ";
    line += f.slice(0, end - start - space) + " ".repeat(space);
    line += " ".repeat(Math.max(0, end - line.length));
  });
  return line;
}

export function formatSummary(model: Model): string {
  const rows = model.layerRows();
  const branching = rows.some((r) => r.inbound.length > 1) || rows.some((r, i) => i > 0 && r.inbound.length === 1 && r.inbound[0] !== rows[i - 1].layer.name);
  const lineLength = branching ? 98 : 65;
  const positions = (branching ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1]).map((p) => Math.floor(lineLength * p));
  const headers = ["Layer (type)", "Output Shape", "Param #", ...(branching ? ["Connected to"] : [])];
  const out = [`Model: "${model.name}"`, "_".repeat(lineLength), row(headers, positions), "=".repeat(lineLength)];
  rows.forEach((r, i) => {
    const isInput = r.layer.kind === "input_layer";
    const shape = `(None, ${r.outputShape.join(", ")}${r.outputShape.length === 0 ? "" : ""})`;
    const params = r.layer.parameters().reduce((n, p) => n + p.numel, 0);
    const fields = [`${r.layer.name} (${isInput ? "InputLayer" : r.layer.constructor.name})`, isInput ? `[${shape}]` : shape, String(params)];
    if (branching) fields.push(r.inbound.map((n) => `${n}[0][0]`).join(", "));
    out.push(row(fields, positions));
    out.push(i === rows.length - 1 ? "=".repeat(lineLength) : " ".repeat(lineLength));
  });
  const total = model.numParameters(), trainable = model.numParameters({ trainable: true });
  out.push(`Total params: ${total} (${readableMemorySize(total * 4)})`);
  out.push(`Trainable params: ${trainable} (${readableMemorySize(trainable * 4)})`);
  out.push(`Non-trainable params: ${total - trainable} (${readableMemorySize((total - trainable) * 4)})`);
  out.push("_".repeat(lineLength));
  return out.join("\n");
}
