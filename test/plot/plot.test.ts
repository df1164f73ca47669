/** @file lw.plot: learning curves, confusion matrix and ROC curve are written as SVG and PNG, and the PNG (rasterised by resvg) has the expected size and drawn content. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import * as lw from "../../src/index.ts";

function history(shift: number): lw.train.History {
  const h = new lw.train.History();
  for (let e = 0; e < 8; e++) h.append(e, { loss: 1 / (e + 1) + shift, accuracy: 0.6 + e * 0.04, val_loss: 1.1 / (e + 1) + shift + 0.05, val_accuracy: 0.58 + e * 0.035, lr: 0.001 });
  return h;
}

/** Width, height, share of non-white pixels, and whether some pixel is close to `rgb`. */
function inspect(path: string, rgb: [number, number, number]): { width: number; height: number; inked: number; hasColor: boolean } {
  const png = PNG.sync.read(readFileSync(path));
  let inked = 0, hasColor = false;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r < 245 || g < 245 || b < 245) inked++;
    if (Math.abs(r - rgb[0]) < 12 && Math.abs(g - rgb[1]) < 12 && Math.abs(b - rgb[2]) < 12) hasColor = true;
  }
  return { width: png.width, height: png.height, inked: inked / (png.width * png.height), hasColor };
}

test("history(): curves.svg + curves.png (2 panels × 460×300, the train line in tab:blue); several runs overlaid or side by side", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-plot-"));
  try {
    const files = lw.plot.history(history(0), join(dir, "curves.svg"));
    assert.deepEqual(files, [join(dir, "curves.svg"), join(dir, "curves.png")]);
    const svg = readFileSync(files[0], "utf8");
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="460" height="606"/);
    assert.ok(svg.includes(">loss</text>") && svg.includes(">accuracy</text>") && svg.includes(">validation</text>"));
    const p = inspect(files[1], [0x1f, 0x77, 0xb4]);
    assert.deepEqual([p.width, p.height], [460, 606]);
    assert.ok(p.inked > 0.03 && p.inked < 0.6, `ink ${p.inked}`);
    assert.ok(p.hasColor, "the blue train curve is drawn");
    const side = lw.plot.history({ "no dropout": history(0), "dropout 0.5": history(0.1) }, join(dir, "side.png"), { sideBySide: true, title: "Dropout" });
    assert.deepEqual(side, [join(dir, "side.png")]);
    const s = inspect(side[0], [0xff, 0x7f, 0x0e]);
    assert.deepEqual([s.width, s.height], [920, 634]);
    assert.ok(s.hasColor, "the orange validation curve is drawn");
    const over = lw.plot.history({ relu: history(0), tanh: history(0.2), sigmoid: history(0.4) }, join(dir, "over.svg"), { metrics: ["val_accuracy"] });
    assert.ok(inspect(over[1], [0x2c, 0xa0, 0x2c]).hasColor, "the third run in tab:green");
    assert.throws(() => lw.plot.history(history(0), join(dir, "x.svg"), { metrics: ["f1"] }), /f1 not in the history; it has loss, accuracy, val_loss, val_accuracy, lr/);
    assert.throws(() => lw.plot.history(history(0), join(dir, "x.jpg")), /must end in \.svg or \.png, got/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("confusionMatrix(): a heat-map with class names and counts; ROC curve with its AUC; both rasterised to the SVG's size", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-plot-"));
  try {
    const names = ["T-shirt/top", "Trouser", "Pullover"];
    const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2], yPred = [0, 0, 2, 1, 1, 2, 2, 0, 2];
    const files = lw.plot.confusionMatrix(yTrue, yPred, join(dir, "cm.svg"), { classNames: names, title: "Confusion matrix" });
    const svg = readFileSync(files[0], "utf8");
    assert.ok(svg.includes(">T-shirt/top</text>") && svg.includes(">Pullover</text>") && svg.includes(">3</text>"));
    const [w, h] = [/width="(\d+)"/.exec(svg)![1], /height="(\d+)"/.exec(svg)![1]].map(Number);
    const p = inspect(files[1], [8, 48, 107]);
    assert.deepEqual([p.width, p.height], [w, h]);
    assert.ok(p.hasColor, "the largest count is dark blue");
    const r = lw.plot.roc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9], join(dir, "roc.png"), { alsoSvg: true });
    assert.deepEqual(r, [join(dir, "roc.svg"), join(dir, "roc.png")]);
    assert.match(readFileSync(r[0], "utf8"), /ROC \(AUC 0\.889\)/);
    const q = inspect(r[1], [0x1f, 0x77, 0xb4]);
    assert.deepEqual([q.width, q.height], [520, 480]);
    assert.ok(q.hasColor && existsSync(r[0]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("historySvg(): a title wider than the figure gets a smaller font that fits; the x axis takes its label from xLabel", () => {
  const long = "char-GPT on Moby-Dick, evaluated every 250 steps, four layers";
  const svg = lw.plot.historySvg(history(0), { title: long, xLabel: "evaluation (every 250 steps)" });
  const size = Number(/font-size="(\d+)" font-weight="bold">char-GPT/.exec(svg)?.[1]);
  assert.ok(size < 16 && size * 0.65 * long.length <= 460 - 16, `title font ${size}px for ${long.length} characters in 460 px`);
  assert.match(lw.plot.historySvg(history(0), { title: "Dropout" }), /font-size="16" font-weight="bold">Dropout</);
  assert.ok(svg.includes(">evaluation (every 250 steps)</text>") && !svg.includes(">epoch</text>"));
  assert.ok(lw.plot.historySvg(history(0)).includes(">epoch</text>"));
});

test("confusionMatrix(matrix, path): a precomputed matrix (rows or a 2-D tensor), as ConfusionMatrixDisplay(confusion_matrix=…)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-cm-"));
  try {
    const rows = [[5, 1], [2, 7]];
    const a = lw.plot.confusionMatrix(rows, join(dir, "a.svg"), { classNames: ["cat", "dog"], alsoPng: false });
    const b = lw.plot.confusionMatrix(lw.tensor(rows, { dtype: "int32" }), join(dir, "b.svg"), { classNames: ["cat", "dog"], alsoPng: false });
    assert.deepEqual([a.length, b.length], [1, 1]);
    const svg = readFileSync(a[0], "utf8");
    assert.equal(readFileSync(b[0], "utf8"), svg);
    for (const v of ["5", "1", "2", "7"]) assert.ok(svg.includes(`>${v}</text>`), `cell ${v} drawn`);
    assert.equal(lw.plot.confusionMatrix([0, 1, 1], [0, 1, 0], join(dir, "c.svg"), { alsoPng: false }).length, 1);
    assert.throws(() => lw.plot.confusionMatrix([0, 1, 1] as never, join(dir, "d.svg")), /first must be a precomputed matrix/);
    assert.throws(() => lw.plot.confusionMatrix(lw.zeros([2, 2, 2]), join(dir, "e.svg")), /must be 2-D/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
