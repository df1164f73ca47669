/**
 * @file `npx tsx bench/tfevents.ts [events]`: SummaryWriter.addScalar and readTfevents throughput on one event file
 * (default 100,000 scalars, in a temporary folder); prints µs per event. Not part of `npm run bench`'s PyTorch table.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SummaryWriter } from "../src/track/tensorboard/summary-writer.ts";
import { readTfevents } from "../src/track/tensorboard/reader.ts";

const n = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "lw-bench-tfevents-"));
try {
  const w = new SummaryWriter(dir, { maxQueue: 1000 });
  let t = performance.now();
  for (let i = 0; i < n; i++) w.addScalar("loss/train", Math.random(), i);
  w.close();
  const write = performance.now() - t;
  t = performance.now();
  let read = 0;
  for (const e of readTfevents(dir)) if (e.kind === "scalar") read++;
  const readMs = performance.now() - t;
  const bytes = statSync(w.eventFile).size;
  console.log(`addScalar: ${n} events in ${write.toFixed(0)} ms (${((write * 1000) / n).toFixed(2)} µs/event), file ${(bytes / n).toFixed(1)} bytes/event`);
  console.log(`readTfevents: ${read} scalars in ${readMs.toFixed(0)} ms (${((readMs * 1000) / read).toFixed(2)} µs/event)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
