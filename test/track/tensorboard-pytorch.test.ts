/**
 * @file SummaryWriter against PyTorch's torch.utils.tensorboard: the Events PyTorch's own code builds for the same
 * calls, serialized by protobuf (tools/gen_tensorboard_fixtures.py → fixtures/tensorboard-pytorch.json), byte for byte.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import * as lw from "lernwerk";
import { SummaryWriter } from "../../src/track/tensorboard/summary-writer.ts";
import { decodeEvent } from "../../src/track/tensorboard/event-proto.ts";
import { ProtoReader } from "../../src/track/tensorboard/protobuf.ts";
import { decodeHParamsPluginData } from "../../src/track/tensorboard/hparams-proto.ts";
import { tensorflowBins, type HistogramBins } from "../../src/track/tensorboard/histogram.ts";
import { tempDir } from "./helpers.ts";
import { hex, recordsIn } from "./tensorboard-helpers.ts";

interface Rec { logdir: string; event: string; summary: string }
interface Case { name: string; inputs: Record<string, unknown>; records: Rec[] }
const fx = JSON.parse(readFileSync(new URL("./fixtures/tensorboard-pytorch.json", import.meta.url), "utf8")) as {
  defaultBins: { count: number; first: number[]; last: number[] };
  cases: Case[];
};
const byName = (n: string) => fx.cases.find((c) => c.name === n)!;
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
const num = (v: unknown) => (v === "nan" ? NaN : (v as number));

/** Runs `write` on a SummaryWriter in a temp folder "run" and returns the Events written (without file_version). */
function written(write: (w: SummaryWriter) => void, sub = ""): Uint8Array[] {
  const { dir, cleanup } = tempDir("lw-tb-golden-");
  try {
    const w = new SummaryWriter(join(dir, "run"));
    write(w);
    w.close();
    return recordsIn(join(dir, "run", sub)).slice(1);
  } finally {
    cleanup();
  }
}

test("bins 'tensorflow' are PyTorch's default_bins (1549 edges, ±1e-12·1.1ᵏ below 1e20, and 0)", () => {
  const edges = tensorflowBins();
  assert.equal(edges.length, fx.defaultBins.count);
  assert.deepEqual(Array.from(edges.subarray(0, 3)), fx.defaultBins.first);
  assert.deepEqual(Array.from(edges.subarray(edges.length - 3)), fx.defaultBins.last);
  assert.equal(edges[(edges.length - 1) / 2], 0);
});

for (const name of ["scalar", "scalar-step0-nan", "scalar-negative-step"]) {
  test(`addScalar: the Event bytes equal PyTorch's (${name})`, () => {
    const c = byName(name), i = c.inputs as { tag: string; value: unknown; step: number; walltime: number };
    const [ev] = written((w) => w.addScalar(i.tag, num(i.value), i.step, i.walltime));
    assert.equal(hex(ev), c.records[0].event);
  });
}

test("addScalars: one sub-folder per key (<logdir>/<mainTag with / as _>_<key>), Events equal PyTorch's", () => {
  const c = byName("scalars"), i = c.inputs as { mainTag: string; dict: Record<string, number>; step: number; walltime: number };
  for (const rec of c.records) {
    const sub = rec.logdir.slice("logs/run/".length);
    const [ev] = written((w) => w.addScalars(i.mainTag, i.dict, i.step, i.walltime), sub);
    assert.equal(hex(ev), rec.event, sub);
  }
});

for (const c of fx.cases.filter((x) => x.name.startsWith("histogram-"))) {
  test(`addHistogram: HistogramProto equals PyTorch's (${c.name})`, () => {
    const i = c.inputs as { values: number[]; bins: HistogramBins; maxBins: number | null; step: number; walltime: number };
    const values = lw.tensor(i.values, { dtype: "float64" });
    const [ev] = written((w) => w.addHistogram(`weights/${c.name}`, values, i.step, { bins: i.bins, walltime: i.walltime, maxBins: i.maxBins ?? undefined }));
    const mine = decodeEvent(ev).summary![0].histo!, theirs = decodeEvent(fromHex(c.records[0].event)).summary![0].histo!;
    assert.deepEqual(mine.bucketLimit, theirs.bucketLimit);
    assert.deepEqual(mine.bucket, theirs.bucket);
    assert.deepEqual([mine.min, mine.max, mine.num], [theirs.min, theirs.max, theirs.num]);
    // numpy sums pairwise, lernwerk in order: equal up to rounding (exactly, for the inputs whose sums are exact)
    for (const k of ["sum", "sumSquares"] as const) assert.ok(Math.abs(mine[k] - theirs[k]) <= 1e-12 * Math.max(1, Math.abs(theirs[k])), `${k}: ${mine[k]} vs ${theirs[k]}`);
    if (mine.sum === theirs.sum && mine.sumSquares === theirs.sumSquares) assert.equal(hex(ev), c.records[0].event);
  });
}

test("addHistogram with sums exact in any order: the whole Event is PyTorch's byte for byte", () => {
  for (const name of ["histogram-tensorflow", "histogram-int-bins", "histogram-edges", "histogram-constant"]) {
    const c = byName(name), i = c.inputs as { values: number[]; bins: HistogramBins; step: number; walltime: number };
    const [ev] = written((w) => w.addHistogram(`weights/${name}`, lw.tensor(i.values, { dtype: "float64" }), i.step, { bins: i.bins, walltime: i.walltime }));
    assert.equal(hex(ev), c.records[0].event, name);
  }
});

/** PNG → (H, W, C) bytes. */
function pngPixels(encoded: Uint8Array, C: number): number[] {
  const png = PNG.sync.read(Buffer.from(encoded)), out: number[] = [];
  for (let p = 0; p < png.width * png.height; p++) for (let c = 0; c < C; c++) out.push(png.data[4 * p + c]);
  return out;
}

for (const c of fx.cases.filter((x) => x.name.startsWith("image"))) {
  test(`add${c.name.startsWith("images") ? "Images" : "Image"}: size, colorspace and pixels equal PyTorch's (${c.name}); PNG-encoded`, () => {
    const i = c.inputs as { values: number[]; dtype?: string; dataformats: string; step: number; walltime: number };
    const t = lw.tensor(i.values as never, { dtype: i.dtype === "uint8" ? "int32" : "float32" });
    const [ev] = written((w) => (c.name.startsWith("images")
      ? w.addImages("batch", t, i.step, { walltime: i.walltime, dataformats: i.dataformats as "NCHW" })
      : w.addImage(`img/${c.name}`, t, i.step, { walltime: i.walltime, dataformats: i.dataformats as "CHW" })));
    const mine = decodeEvent(ev), theirs = decodeEvent(fromHex(c.records[0].event));
    const [a, b] = [mine.summary![0], theirs.summary![0]];
    assert.deepEqual([mine.wallTime, mine.step, a.tag], [theirs.wallTime, theirs.step, b.tag]);
    assert.deepEqual([a.image!.height, a.image!.width, a.image!.colorspace], [b.image!.height, b.image!.width, b.image!.colorspace]);
    assert.deepEqual(pngPixels(a.image!.encoded, a.image!.colorspace), Array.from(b.image!.encoded));
  });
}

test("addText: the Event bytes equal PyTorch's (tensor summary, plugin 'text', tag <tag>/text_summary)", () => {
  const c = byName("text"), i = c.inputs as { tag: string; text: string; step: number; walltime: number };
  const [ev] = written((w) => w.addText(i.tag, i.text, i.step, i.walltime));
  assert.equal(hex(ev), c.records[0].event);
});

test("addHparams: experiment, session start and end Summaries equal PyTorch's, then the metrics as scalars, in <logdir>/<runName>", () => {
  const c = byName("hparams"), i = c.inputs as { hparams: Record<string, number | string>; metrics: Record<string, number>; runName: string };
  const evs = written((w) => w.addHparams(i.hparams, i.metrics, { runName: i.runName }), i.runName);
  assert.equal(evs.length, c.records.length);
  // experiment and session end: byte for byte; session start holds a protobuf map, whose entry order is unspecified
  // (Python's protobuf writes them in its hash order): the same entries, and the same length
  for (const k of [0, 2]) assert.equal(hex(decodeEventSummary(evs[k])), c.records[k].summary, `summary ${k}`);
  const start = (b: Uint8Array) => decodeHParamsPluginData(decodeEvent(b).summary![0].metadata!.pluginData!.content).sessionStartInfo!.hparams;
  assert.deepEqual(start(evs[1]), i.hparams);
  assert.deepEqual(start(fromHex(c.records[1].event)), i.hparams);
  assert.equal(decodeEventSummary(evs[1]).length, c.records[1].summary.length / 2);
  const metric = decodeEvent(evs[3]).summary![0], theirs = decodeEvent(fromHex(c.records[3].event)).summary![0];
  assert.deepEqual(metric, theirs);
});

/** The Summary (field 5) of an Event, as its bytes. */
function decodeEventSummary(ev: Uint8Array): Uint8Array {
  for (const f of new ProtoReader(ev).fields()) if (f.field === 5) return f.bytes;
  throw new Error("no summary in the event");
}
