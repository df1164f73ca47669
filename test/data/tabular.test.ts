/** @file CSV reader, scalers, LabelEncoder, oneHot, trainTestSplit (stratified), synthetic generators and the sklearn tables. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { needsData } from "./needs.ts";
import { assertClose } from "../nn/close.ts";
import { loadSklearnCsv } from "../../src/data/datasets/tables.ts";

const D = lw.data;
const SK = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv";

test("parseCsv: quoting, numeric vs categorical columns, missing values, ragged rows", () => {
  const t = D.parseCsv('name,age,city\n"Smith, J",41,Berlin\n"say ""hi""",NA,"Line\nbreak"\nX,7.5,Bonn\r\n');
  assert.deepEqual(t.columns, ["name", "age", "city"]);
  assert.equal(t.numRows, 3);
  assert.deepEqual(t.strings("name"), ["Smith, J", 'say "hi"', "X"]);
  assert.deepEqual([...t.numbers("age")], [41, NaN, 7.5]);
  assert.deepEqual(t.strings("city"), ["Berlin", "Line\nbreak", "Bonn"]);
  assert.equal(t.column("city").kind, "categorical");
  assert.throws(() => t.numbers("city"), /column "city" is categorical/);
  assert.throws(() => t.column("zip"), /no column "zip"; columns: name, age, city/);
  assert.deepEqual(D.parseCsv("a;b\n1;2\n3;4", { delimiter: ";" }).toTensor().tolist(), [[1, 2], [3, 4]]);
  assert.equal(D.parseCsv("code\n01\n02", { categorical: ["code"] }).strings("code")[0], "01");
  assert.throws(() => D.parseCsv("a,b\n1,2\n3"), /row 3 has 1 cells, the header 2/);
  assert.throws(() => D.parseCsv('a\n"open'), /unterminated quoted cell/);
});

test("StandardScaler and MinMaxScaler fit on train, transform and invert", () => {
  const x = lw.tensor([[1, 10], [2, 10], [3, 10]]);
  const s = new D.StandardScaler();
  const z = s.fitTransform(x);
  assertClose(z, [[-1.2247449, 0], [0, 0], [1.2247449, 0]], "standardised (constant column stays 0)");
  assertClose(s.inverseTransform(z), x.tolist() as number[][], "inverse");
  assert.throws(() => s.transform(lw.zeros(2, 3)), /fitted on 2 features, got shape \[2, 3\]/);
  assert.throws(() => new D.StandardScaler().transform(x), /call fit\(\) first/);
  const m = new D.MinMaxScaler({ featureRange: [-1, 1] });
  assertClose(m.fitTransform(x), [[-1, -1], [0, -1], [1, -1]], "min-max");
  assertClose(m.inverseTransform(m.transform(lw.tensor([[4, 10]]))), [[4, 10]], "inverse");
});

test("LabelEncoder sorts the classes; oneHot makes indicator rows", () => {
  const enc = new D.LabelEncoder<string>();
  const codes = enc.fitTransform(["paris", "tokyo", "amsterdam", "tokyo"]);
  assert.deepEqual(enc.classes, ["amsterdam", "paris", "tokyo"]);
  assert.deepEqual(codes.tolist(), [1, 2, 0, 2]);
  assert.deepEqual(enc.inverseTransform(lw.tensor([2, 0], { dtype: "int32" })), ["tokyo", "amsterdam"]);
  assert.throws(() => enc.transform(["rome"]), /label "rome" at index 0 was not seen/);
  assert.deepEqual(D.oneHot(codes, 3).tolist(), [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 1]]);
  assert.throws(() => D.oneHot(codes, 2), /label 2 \(at flat index 1\) is out of range for 2 classes/);
});

test("trainTestSplit: sizes like sklearn, rows stay paired, stratify keeps class shares, seeded", () => {
  const X = lw.arange(40).float().reshape(20, 2), y = lw.tensor([...Array(15).fill(0), ...Array(5).fill(1)], { dtype: "int32" });
  const [xtr, xte, ytr, yte] = D.trainTestSplit([X, y], { testSize: 0.2, stratify: y, generator: new lw.Generator(3) });
  assert.deepEqual([xtr.shape[0], xte.shape[0]], [16, 4]);
  assert.deepEqual((yte.tolist() as number[]).sort(), [0, 0, 0, 1]);
  const rows = (xtr.tolist() as number[][]).map(([a]) => a / 2);
  assert.deepEqual(ytr.tolist(), rows.map((r) => (r < 15 ? 0 : 1)), "labels follow their rows");
  const again = D.trainTestSplit([X, y], { testSize: 0.2, stratify: y, generator: new lw.Generator(3) });
  assert.deepEqual(again[1].tolist(), xte.tolist());
  const [, te] = D.trainTestSplit([X], { testSize: 0.25, shuffle: false });
  assert.deepEqual((te.tolist() as number[][]).map(([a]) => a), [30, 32, 34, 36, 38]);
  assert.throws(() => D.trainTestSplit([X, lw.zeros(3)]), /tensor 1 has shape \[3\], expected 20 samples/);
});

test("synthetic generators: shapes, labels, geometry and seeding", () => {
  const g = () => new lw.Generator(5);
  const [mx, my] = D.makeMoons(200, { generator: g() });
  assert.deepEqual(mx.shape, [200, 2]);
  assert.equal(my.sum().item(), 100);
  const [cx, cy] = D.makeCircles(100, { factor: 0.5, generator: g() });
  const r = cx.square().sum(1).sqrt();
  assertClose(r.where(cy.eq(1), 0).sum(), 50 * 0.5, "inner radius", { rtol: 1e-5 });
  assertClose(r.where(cy.eq(0), 0).sum(), 50, "outer radius", { rtol: 1e-5 });
  const [bx, by] = D.makeBlobs(90, { centers: [[0, 0], [10, 10], [-10, 10]], clusterStd: 0.5, generator: g() });
  assert.equal(by.eq(2).sum().item(), 30);
  assert.ok(bx.index(by.eq(1).float().argmax().item()).sub(lw.tensor([10, 10])).abs().max().item() < 3);
  const [kx, ky] = D.makeClassification(300, { nFeatures: 6, nInformative: 3, nRedundant: 1, nClasses: 3, generator: g() });
  assert.deepEqual(kx.shape, [300, 6]);
  assert.deepEqual(new Set(ky.tolist() as number[]), new Set([0, 1, 2]));
  const [rx, ry, coef] = D.makeRegression(50, { nFeatures: 4, nInformative: 2, bias: 3, generator: g() });
  assertClose(ry, (rx.matmul(coef).add(3).tolist() as number[]), "y = X·coef + bias", { rtol: 1e-5, atol: 1e-4 });
  assert.deepEqual((coef.tolist() as number[]).slice(2), [0, 0]);
  assert.deepEqual(D.makeMoons(10, { noise: 0.1, generator: g() })[0].tolist(), D.makeMoons(10, { noise: 0.1, generator: g() })[0].tolist());
});

test("Iris, Wine and Breast cancer load from python3-sklearn's CSVs", needsData(SK, "python3-sklearn (apt)"), () => {
  const iris = D.datasets.loadIris();
  assert.deepEqual(iris.data.shape, [150, 4]);
  assert.deepEqual(iris.targetNames, ["setosa", "versicolor", "virginica"]);
  assertClose(iris.data.mean(0), [5.8433333, 3.0573333, 3.758, 1.1993333], "the famous feature means", { rtol: 1e-5 });
  const wine = D.datasets.loadWine();
  assert.deepEqual([wine.data.shape, wine.featureNames.length, wine.target.max().item()], [[178, 13], 13, 2]);
  const bc = D.datasets.loadBreastCancer();
  assert.deepEqual([bc.data.shape, bc.targetNames, bc.featureNames[10], bc.target.sum().item()], [[569, 30], ["malignant", "benign"], "radius error", 357]);
});

test("a missing table names the folders searched and the package to install", () => {
  assert.throws(() => loadSklearnCsv("loadIris", "iris.csv", [], undefined, ["/nonexistent"]), /Looked in: \/nonexistent\. Install it with `apt-get install python3-sklearn`/);
});
