/** @file SummaryWriter's files: names, the first event, what protoc decodes, flushing, purgeStep, sub-runs, embeddings, bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as lw from "lernwerk";
import { SummaryWriter, defaultLogDir } from "../../src/track/tensorboard/summary-writer.ts";
import { decodeEvent } from "../../src/track/tensorboard/event-proto.ts";
import { decodeHParamsPluginData } from "../../src/track/tensorboard/hparams-proto.ts";
import { tempDir } from "./helpers.ts";
import { decodeAs, decodeRaw, protocAvailable, recordsIn } from "./tensorboard-helpers.ts";

function withDir(f: (dir: string) => void): void {
  const { dir, cleanup } = tempDir("lw-tb-writer-");
  try { f(dir); } finally { cleanup(); }
}
async function withDirAsync(f: (dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir("lw-tb-writer-");
  try { await f(dir); } finally { cleanup(); }
}
const eventFiles = (dir: string) => readdirSync(dir).filter((n) => n.startsWith("events.out.tfevents."));

test("event files are named events.out.tfevents.<10-digit unix secs>.<hostname>.<pid>.<n><suffix> and start with file_version brain.Event:2", () => withDir((dir) => {
  const before = Math.floor(Date.now() / 1000);
  const w = new SummaryWriter(join(dir, "a"), { filenameSuffix: ".v2" });
  w.close();
  const [name] = eventFiles(join(dir, "a"));
  const m = /^events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)\.v2$/.exec(name);
  assert.ok(m, name);
  assert.ok(Number(m[1]) >= before && Number(m[1]) <= Date.now() / 1000);
  assert.deepEqual([m[2], Number(m[3])], [hostname(), process.pid]);
  const [first] = recordsIn(join(dir, "a")).map(decodeEvent);
  assert.equal(first.fileVersion, "brain.Event:2");
  assert.equal(first.step, 0);
  assert.equal(first.sourceWriter, "lernwerk");
  assert.ok(Math.abs(first.wallTime - Date.now() / 1000) < 60);
}));

test("the default logDir is PyTorch's runs/<Mon><DD>_<HH>-<MM>-<SS>_<hostname><comment>", () => {
  assert.equal(defaultLogDir("_lr0.1", new Date(2026, 0, 5, 9, 3, 7)), join("runs", `Jan05_09-03-07_${hostname()}_lr0.1`));
  assert.match(defaultLogDir(), new RegExp(`^runs/[A-Z][a-z]{2}\\d{2}_\\d{2}-\\d{2}-\\d{2}_${hostname().replace(/[.]/g, "\\.")}$`));
});

test("protoc decodes every record of a written file as tensorboard.Event with the expected fields", (t) => {
  const ok = protocAvailable();
  if (ok !== true) return t.skip(ok);
  withDir((dir) => {
    const w = new SummaryWriter(dir);
    w.addScalar("loss", 0.5, 7, 1234.5);
    w.addHistogram("w", [1, 2, 2, 3], 8, { bins: 2, walltime: 1 });
    w.addImage("img", lw.ones([3, 2, 2]), 9, { walltime: 2 });
    w.addText("notes", "hi", 10, 3);
    w.close();
    const recs = recordsIn(dir);
    assert.equal(recs.length, 5);
    assert.match(decodeAs("tensorboard.Event", recs[0]), /file_version: "brain\.Event:2"\nsource_metadata \{\n {2}writer: "lernwerk"\n\}/);
    assert.equal(decodeAs("tensorboard.Event", recs[1]), 'wall_time: 1234.5\nstep: 7\nsummary {\n  value {\n    tag: "loss"\n    simple_value: 0.5\n  }\n}\n');
    const histo = decodeAs("tensorboard.Event", recs[2]);
    for (const line of ["step: 8", 'tag: "w"', "min: 1", "max: 3", "num: 4", "sum: 8", "sum_squares: 18", "bucket_limit: 2", "bucket_limit: 3", "bucket: 0", "bucket: 1", "bucket: 3"]) assert.ok(histo.includes(line), `${line} in\n${histo}`);
    const img = decodeAs("tensorboard.Event", recs[3]);
    assert.match(img, /image \{\n {6}height: 2\n {6}width: 2\n {6}colorspace: 3\n {6}encoded_image_string: "\\211PNG/);
    assert.equal(decodeAs("tensorboard.Event", recs[4]), 'wall_time: 3\nstep: 10\nsummary {\n  value {\n    tag: "notes/text_summary"\n    tensor {\n      dtype: DT_STRING\n      tensor_shape {\n        dim {\n          size: 1\n        }\n      }\n      string_val: "hi"\n    }\n    metadata {\n      plugin_data {\n        plugin_name: "text"\n      }\n    }\n  }\n}\n');
    // and the raw view: field numbers of Event (1 wall_time, 2 step, 5 summary) and Summary.Value (1 tag, 2 simple_value)
    assert.equal(decodeRaw(recs[1]), '1: 0x40934a0000000000\n2: 7\n5 {\n  1 {\n    1: "loss"\n    2: 0x3f000000\n  }\n}\n');
  });
});

test("scalars are stored as float32: 0.1 reads back as Math.fround(0.1); a one-element tensor is a scalar too", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  w.addScalar("a", 0.1, 1);
  w.addScalar("b", lw.tensor([[2.5]]), 2);
  w.close();
  const values = recordsIn(dir).slice(1).map((r) => decodeEvent(r).summary![0].simpleValue);
  assert.deepEqual(values, [Math.fround(0.1), 2.5]);
}));

test("maxQueue: events stay queued until the queue is full, flush() or close(); flushSecs flushes in the background", () => withDirAsync(async (dir) => {
  const w = new SummaryWriter(join(dir, "q"), { maxQueue: 3, flushSecs: 0.05 });
  const count = () => recordsIn(join(dir, "q")).length;
  assert.equal(count(), 1, "only file_version is written at once");
  w.addScalar("x", 1, 1);
  w.addScalar("x", 2, 2);
  assert.equal(count(), 1);
  w.addScalar("x", 3, 3);
  assert.equal(count(), 4, "the third event fills the queue");
  w.addScalar("x", 4, 4);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(count(), 5, "flushed by the flushSecs timer");
  w.addScalar("x", 5, 5);
  w.flush();
  assert.equal(count(), 6);
  w.close();
}));

test("events still queued when the process exits are flushed", () => withDir((dir) => {
  const src = fileURLToPath(new URL("../../src/track/tensorboard/summary-writer.ts", import.meta.url));
  const script = `import { SummaryWriter } from ${JSON.stringify(src)}; const w = new SummaryWriter(${JSON.stringify(dir)}, { maxQueue: 100 }); w.addScalar("x", 1, 1); w.addScalar("x", 2, 2);`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(recordsIn(dir).slice(1).map((b) => decodeEvent(b).step), [1, 2]);
}));

test("purgeStep writes file_version and SessionLog START at that step, as PyTorch does", () => withDir((dir) => {
  new SummaryWriter(dir, { purgeStep: 42 }).close();
  const evs = recordsIn(dir).map(decodeEvent);
  assert.equal(evs.length, 3);
  assert.deepEqual([evs[1].step, evs[1].fileVersion], [42, "brain.Event:2"]);
  assert.deepEqual([evs[2].step, evs[2].sessionLog?.status], [42, "START"]);
}));

test("after close() a new add opens a new event file (PyTorch reopens the writer)", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  w.addScalar("x", 1, 1);
  w.close();
  w.addScalar("x", 2, 2);
  w.close();
  assert.equal(eventFiles(dir).length, 2);
}));

test("addScalars writes one run folder per key; addHparams a run folder with bool hparams as bool_value", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  w.addScalars("loss/all", { train: 1, val: 2 }, 1);
  w.addScalars("loss/all", { train: 0.5, val: 1.5 }, 2);
  w.addHparams({ lr: 0.1, bn: true, name: "x", skipped: null }, { "hp/acc": 0.5 }, { runName: "h1" });
  w.close();
  assert.deepEqual(readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort(), ["h1", "loss_all_train", "loss_all_val"]);
  const train = recordsIn(join(dir, "loss_all_train")).slice(1).map(decodeEvent);
  assert.deepEqual(train.map((e) => [e.step, e.summary![0].tag, e.summary![0].simpleValue]), [[1, "loss/all", 1], [2, "loss/all", 0.5]]);
  const hp = recordsIn(join(dir, "h1")).slice(1).map(decodeEvent);
  const parts = hp.slice(0, 3).map((e) => decodeHParamsPluginData(e.summary![0].metadata!.pluginData!.content));
  assert.deepEqual(parts[0].experiment!.hparamInfos, [{ name: "lr", type: "DATA_TYPE_FLOAT64" }, { name: "bn", type: "DATA_TYPE_BOOL" }, { name: "name", type: "DATA_TYPE_STRING" }]);
  assert.deepEqual(parts[1].sessionStartInfo!.hparams, { lr: 0.1, bn: true, name: "x" });
  assert.equal(parts[2].sessionEndInfo!.status, "STATUS_SUCCESS");
  assert.deepEqual([hp[3].summary![0].tag, hp[3].summary![0].simpleValue], ["hp/acc", 0.5]);
}));

test("addEmbedding: <step>/<tag>/tensors.tsv, metadata.tsv, sprite.png and projector_config.pbtxt listing every embedding", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  w.addEmbedding(lw.tensor([[1, 2.5], [3, -4]]), { metadata: ["cat", "dog"] });
  w.addEmbedding(lw.tensor([[0, 1], [1, 0], [0.5, 0.5]]), { tag: "words/v1", globalStep: 12, metadata: [["a", 1], ["b", 2], ["c", 3]], metadataHeader: ["word", "count"], labelImg: lw.ones([3, 1, 4, 2]) });
  w.close();
  assert.equal(readFileSync(join(dir, "00000/default/tensors.tsv"), "utf8"), "1\t2.5\n3\t-4\n");
  assert.equal(readFileSync(join(dir, "00000/default/metadata.tsv"), "utf8"), "cat\ndog\n");
  assert.equal(readFileSync(join(dir, "00012/words%2fv1/metadata.tsv"), "utf8"), "word\tcount\na\t1\nb\t2\nc\t3\n");
  assert.ok(existsSync(join(dir, "00012/words%2fv1/sprite.png")));
  assert.equal(readFileSync(join(dir, "projector_config.pbtxt"), "utf8"), [
    "embeddings {", '  tensor_name: "default:00000"', '  tensor_path: "00000/default/tensors.tsv"', '  metadata_path: "00000/default/metadata.tsv"', "}",
    "embeddings {", '  tensor_name: "words/v1:00012"', '  tensor_path: "00012/words%2fv1/tensors.tsv"', '  metadata_path: "00012/words%2fv1/metadata.tsv"',
    "  sprite {", '    image_path: "00012/words%2fv1/sprite.png"', "    single_image_dim: 2", "    single_image_dim: 4", "  }", "}", "",
  ].join("\n"));
  const sprite = lw.vision.decodeImage(readFileSync(join(dir, "00012/words%2fv1/sprite.png")), "sprite");
  assert.deepEqual(sprite.shape, [1, 8, 8], "a 2×2 grid of 2-wide 4-high thumbnails (8 high, 4 wide) on a square canvas (gray image)");
}));

test("bad input names the function and what was wrong", () => withDir((dir) => {
  const w = new SummaryWriter(dir);
  try {
    assert.throws(() => w.addScalar("", 1), /addScalar: tag must be a non-empty string/);
    assert.throws(() => w.addScalar("x", lw.tensor([1, 2])), /addScalar: the value of "x" must hold one element, got a tensor of shape \[2\]/);
    assert.throws(() => w.addScalar("x", 1, 1.5), /addScalar: globalStep must be an integer, got 1.5/);
    assert.throws(() => w.addHistogram("h", []), /addHistogram: the values are empty/);
    assert.throws(() => w.addHistogram("h", [1, NaN]), /addHistogram: values must be finite, found NaN at flat index 1/);
    assert.throws(() => w.addHistogram("h", [1, 2], 0, { bins: 0 }), /bins must be "tensorflow", a positive integer or increasing edges/);
    assert.throws(() => w.addImage("i", lw.ones([2, 3, 3])), /addImage: an image needs 1, 3 or 4 channels, got 2 \(shape \[2, 3, 3\], dataformats "CHW"\)/);
    assert.throws(() => w.addImage("i", lw.ones([3, 3]), 0, { dataformats: "CHW" }), /addImage: dataformats "CHW" needs a 3-D tensor, got shape \[3, 3\]/);
    assert.throws(() => w.addImages("i", lw.ones([3, 3, 3])), /addImages: expected a 4-D tensor \(NCHW\)/);
    assert.throws(() => w.addHparams({ lr: [1] as never }, {}), /addHparams: hyperparameter "lr" must be a number, string or boolean/);
    assert.throws(() => w.addEmbedding(lw.ones([2, 2]), { metadata: ["a"] }), /addEmbedding: metadata has 1 labels for 2 rows/);
    assert.throws(() => w.addEmbedding(lw.ones([2])), /addEmbedding: mat must be a 2-D tensor \(N, D\), got shape \[2\]/);
    assert.throws(() => new SummaryWriter(dir, { maxQueue: -1 }), /SummaryWriter: maxQueue must be a non-negative integer/);
    assert.throws(() => new SummaryWriter(dir, { filenameSuffix: "a/b" }), /filenameSuffix must not contain a path separator/);
  } finally {
    w.close();
  }
}));
