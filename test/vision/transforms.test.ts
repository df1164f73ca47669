/** @file Transforms, augmentations and grids: exact pixel moves on small images, seeded randomness, batches with per-sample draws, a DataLoader with augmentation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "lernwerk";

const V = lw.vision;
const img = () => lw.arange(12).float().reshape(1, 3, 4); // (C, H, W) = (1, 3, 4), values 0…11

test("resize, normalize, crop, hflip and rotate move pixels as expected", () => {
  assert.deepEqual(V.resize(img(), [6, 8], { mode: "nearest" }).shape, [1, 6, 8]);
  assert.deepEqual(V.resize(lw.zeros(2, 3, 10, 10), 5).shape, [2, 3, 5, 5]);
  assert.deepEqual(V.normalize(lw.full([2, 1, 1], 0.5), [0.5, 0.25], [0.5, 0.25]).reshape(-1).tolist(), [0, 1]);
  assert.deepEqual(V.crop(img(), 1, 2, 2, 3).tolist(), [[[6, 7, 0], [10, 11, 0]]]);
  assert.deepEqual(V.hflip(img()).tolist(), [[[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]]]);
  const sq = lw.arange(9).float().reshape(1, 3, 3);
  assert.deepEqual(V.rotate(sq, 90).round().tolist(), [[[2, 5, 8], [1, 4, 7], [0, 3, 6]]], "90° counter-clockwise");
  assert.deepEqual(V.rotate(sq, 0).tolist(), sq.tolist());
  assert.throws(() => V.normalize(img(), [0.5, 0.5], [1, 1]), /normalize: expected 1 means and stds for an image of 1 channels/);
  assert.throws(() => V.resize(lw.zeros(4, 4), 2), /resize: expected an image \(C, H, W\) or a batch \(N, C, H, W\), got shape \[4, 4\]/);
});

test("random augmentations: seeded, per-sample draws in a batch, sizes kept, values in range", () => {
  const batch = lw.arange(4 * 16).float().reshape(4, 1, 4, 4).div(63);
  const aug = V.compose(V.randomCrop(4, { padding: 1 }), V.randomHorizontalFlip(), V.randomRotation(15), V.randomNoise(0.05));
  lw.manualSeed(5);
  const a = aug(batch);
  lw.manualSeed(5);
  const b = aug(batch);
  assert.deepEqual(a.tolist(), b.tolist(), "same seed, same result");
  assert.deepEqual(a.shape, [4, 1, 4, 4]);
  assert.ok(a.amin().item() >= 0 && a.amax().item() <= 1, "noise is clipped to [0, 1]");
  const flips = V.randomHorizontalFlip({ generator: new lw.Generator(1) })(lw.stack([img(), img(), img(), img(), img(), img(), img(), img()]));
  const flipped = [...Array(8).keys()].filter((n) => flips.index(n, 0, 0, 0).item() === 3).length;
  assert.ok(flipped > 0 && flipped < 8, `each sample draws its own coin: ${flipped} of 8 flipped`);
  const crops = V.randomCrop(2, { generator: new lw.Generator(2) })(lw.stack(Array.from({ length: 6 }, () => img())));
  assert.deepEqual(crops.shape, [6, 1, 2, 2]);
  assert.ok(new Set([...Array(6).keys()].map((n) => crops.index(n, 0, 0, 0).item())).size > 1, "crop positions differ between samples");
  assert.throws(() => V.randomCrop(6)(img()), /randomCrop: crop 6×6 is larger than the padded image 3×4/);
});

test("a DataLoader over a TransformDataset yields augmented batches", () => {
  const X = lw.rand(10, 1, 6, 6), y = lw.arange(10);
  const ds = new V.TransformDataset(new lw.data.TensorDataset(X, y), V.randomCrop(4));
  const loader = new lw.data.DataLoader(ds, { batchSize: 4 });
  const batches = [...loader];
  assert.equal(batches.length, 3);
  assert.deepEqual(batches[0][0].shape, [4, 1, 4, 4]);
  assert.deepEqual(batches[0][1].tolist(), [0, 1, 2, 3]);
  assert.deepEqual(ds.getItem(1)[0].shape, [1, 4, 4]);
});

test("makeGrid lays images out as torchvision's make_grid; saveImageGrid writes a PNG of that size", () => {
  const imgs = lw.ones(5, 1, 2, 3);
  const g = V.makeGrid(imgs, { nrow: 2, padding: 1 });
  assert.deepEqual(g.shape, [1, 3 * 3 + 1, 2 * 4 + 1]);
  assert.equal(g.sum().item(), 5 * 6, "five images of ones, zero padding");
  assert.equal(g.index(0, 1, 1).item(), 1);
  assert.equal(g.index(0, 0, 0).item(), 0);
  const n = V.makeGrid(lw.tensor([[[[-1, 1]]]]), { normalize: true, padding: 0 });
  assert.deepEqual(n.tolist(), [[[0, 1]]]);
  const dir = mkdtempSync(join(tmpdir(), "lw-grid-"));
  try {
    V.saveImageGrid(lw.rand(16, 3, 8, 8), join(dir, "grid.png"));
    assert.deepEqual(V.readImage(join(dir, "grid.png")).shape, [3, 2 * 10 + 2, 8 * 10 + 2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
