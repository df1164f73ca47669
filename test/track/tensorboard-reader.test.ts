/** @file readTfevents: every kind back from SummaryWriter's files, TF2-style tensor summaries, corrupt and truncated files. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, readdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as lw from "lernwerk";
import { SummaryWriter } from "../../src/track/tensorboard/summary-writer.ts";
import { readTfevents, type TfEvent } from "../../src/track/tensorboard/reader.ts";
import { DT, encodeEvent } from "../../src/track/tensorboard/event-proto.ts";
import { encodeRecord, TfRecordError } from "../../src/track/tensorboard/record.ts";
import { tempDir } from "./helpers.ts";

function withDir(f: (dir: string) => void): void {
  const { dir, cleanup } = tempDir("lw-tb-reader-");
  try { f(dir); } finally { cleanup(); }
}
const eventFile = (dir: string) => join(dir, readdirSync(dir).find((n) => n.includes("tfevents"))!);
const only = <K extends TfEvent["kind"]>(evs: TfEvent[], kind: K) => evs.filter((e): e is Extract<TfEvent, { kind: K }> => e.kind === kind);

test("readTfevents gives back scalars, histograms, images, text and hparams as written, with file, offset, step and wall time", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  w.addScalar("loss", 0.75, 1, 100.5);
  w.addScalar("loss", 0.5, 2, 101.5);
  w.addHistogram("w", [1, 2, 3], 2, { bins: 3, walltime: 102 });
  w.addImage("img", lw.zeros([1, 2, 3]), 3, { walltime: 103 });
  w.addText("md", "# title", 4, 104);
  w.addHparams({ lr: 0.5 }, { acc: 1 }, { runName: "hp" });
  w.close();
  const evs = [...readTfevents(dir)];
  assert.deepEqual(evs.map((e) => e.kind), ["fileVersion", "scalar", "scalar", "histogram", "image", "text"]);
  assert.equal(only(evs, "fileVersion")[0].version, "brain.Event:2");
  assert.deepEqual(only(evs, "scalar").map((e) => [e.tag, e.step, e.wallTime, e.value]), [["loss", 1, 100.5, 0.75], ["loss", 2, 101.5, 0.5]]);
  const h = only(evs, "histogram")[0].histogram;
  assert.deepEqual([h.min, h.max, h.num, h.sum, h.sumSquares], [1, 3, 3, 6, 14]);
  const img = only(evs, "image")[0];
  assert.deepEqual([img.image.width, img.image.height, img.image.colorspace], [3, 2, 3]);
  assert.deepEqual(lw.vision.decodeImage(img.image.encoded, "img").shape, [1, 2, 3]);
  assert.deepEqual(only(evs, "text").map((e) => [e.tag, e.text, e.step]), [["md/text_summary", "# title", 4]]);
  const file = eventFile(dir);
  assert.ok(evs.every((e) => e.file === file));
  assert.deepEqual(evs.map((e) => e.offset), [...new Set(evs.map((e) => e.offset))], "one record each");
  assert.equal(evs[0].offset, 0);
  const hp = [...readTfevents(join(dir, "hp"))];
  assert.deepEqual(only(hp, "hparams").map((e) => Object.keys(e.hparams)[0]), ["experiment", "sessionStartInfo", "sessionEndInfo"]);
  assert.deepEqual(only(hp, "hparams")[1].hparams.sessionStartInfo!.hparams, { lr: 0.5 });
}));

test("TF2-style summaries: scalars as DT_FLOAT tensors (plugin 'scalars', metadata only on a tag's first value), images as string tensors", () => withDir((dir) => {
  const f32 = new Uint8Array(new Float32Array([0.25]).buffer);
  const scalarsMeta = { pluginData: { pluginName: "scalars", content: new Uint8Array(0) } };
  const events = [
    encodeEvent({ wallTime: 1, step: 0, fileVersion: "brain.Event:2" }),
    encodeEvent({ wallTime: 2, step: 1, summary: [{ tag: "acc", metadata: scalarsMeta, tensor: { dtype: DT.float, shape: [], floats: [0.5] } }] }),
    encodeEvent({ wallTime: 3, step: 2, summary: [{ tag: "acc", tensor: { dtype: DT.float, shape: [], content: f32 } }] }),
    encodeEvent({ wallTime: 4, step: 3, summary: [{ tag: "acc", tensor: { dtype: DT.double, shape: [], doubles: [0.125] } }] }),
    encodeEvent({ wallTime: 5, step: 3, summary: [{ tag: "pic", metadata: { pluginData: { pluginName: "images", content: new Uint8Array(0) } }, tensor: { dtype: DT.string, shape: [3], strings: ["4", "2", "\x89PNG"].map((s) => new Uint8Array(Buffer.from(s, "latin1"))) } }] }),
    encodeEvent({ wallTime: 6, step: 4, summary: [{ tag: "other", metadata: { pluginData: { pluginName: "pr_curves", content: new Uint8Array(0) } }, tensor: { dtype: DT.float, shape: [2], floats: [1, 2] } }] }),
  ];
  writeFileSync(join(dir, "events.out.tfevents.1.host"), Buffer.concat(events.map(encodeRecord)));
  const evs = [...readTfevents(dir)];
  assert.deepEqual(only(evs, "scalar").map((e) => [e.step, e.value]), [[1, 0.5], [2, 0.25], [3, 0.125]]);
  const pic = only(evs, "image")[0].image;
  assert.deepEqual([pic.width, pic.height, pic.encoded[0]], [4, 2, 0x89]);
  const t = only(evs, "tensor")[0];
  assert.deepEqual([t.tag, t.pluginName, t.tensor.shape, t.tensor.floats], ["other", "pr_curves", [2], [1, 2]]);
}));

test("a folder's event files are read in name order; a missing path is a clear error", () => withDir((dir) => {
  const rec = (step: number) => encodeRecord(encodeEvent({ wallTime: step, step, summary: [{ tag: "x", simpleValue: step }] }));
  writeFileSync(join(dir, "events.out.tfevents.0000000002.h.1.0"), rec(2));
  writeFileSync(join(dir, "events.out.tfevents.0000000001.h.1.0"), rec(1));
  writeFileSync(join(dir, "notes.txt"), "not an event file");
  assert.deepEqual([...readTfevents(dir)].map((e) => e.step), [1, 2]);
  assert.throws(() => [...readTfevents(join(dir, "nope"))], /readTfevents: no such file or folder: .*nope/);
}));

test("a record cut short at the end (writer killed mid-write) is skipped with a warning naming file and offset", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  for (let s = 0; s < 5; s++) w.addScalar("x", s, s);
  w.close();
  const file = eventFile(dir), size = readFileSync(file).length;
  truncateSync(file, size - 3);
  const warnings: string[] = [];
  const evs = [...readTfevents(dir, { onWarning: (m) => warnings.push(m) })];
  assert.deepEqual(only(evs, "scalar").map((e) => e.step), [0, 1, 2, 3]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], new RegExp(`${file.replace(/[.]/g, "\\.")}: the last record, at byte offset \\d+, is truncated \\(\\d+ of \\d+ bytes\\): skipped`));
}));

test("a damaged record throws a TfRecordError naming the file and the record's byte offset", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  w.addScalar("x", 1, 1);
  w.addScalar("x", 2, 2);
  w.close();
  const file = eventFile(dir), bytes = readFileSync(file);
  const offsets = [...readTfevents(dir)].map((e) => e.offset);
  bytes[offsets[2] + 14] ^= 0xff; // inside the third record's data
  writeFileSync(file, bytes);
  assert.throws(() => [...readTfevents(file)], (e: unknown) => e instanceof TfRecordError && e.file === file && e.offset === offsets[2] && /data CRC mismatch/.test(e.message));
}));

test("a record whose CRCs hold but whose Event does not decode is an error naming file and offset", () => withDir((dir) => {
  const file = join(dir, "events.out.tfevents.1.h");
  writeFileSync(file, encodeRecord(encodeEvent({ wallTime: 1, step: 0, fileVersion: "brain.Event:2" })));
  const at = readFileSync(file).length;
  appendFileSync(file, encodeRecord(new Uint8Array([0x2a, 0x05, 0x0a]))); // summary field claims 5 bytes, has 1
  assert.throws(() => [...readTfevents(file)], new RegExp(`${file.replace(/[.]/g, "\\.")}: record at byte offset ${at}: the Event does not decode`));
}));
