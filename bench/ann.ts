/**
 * @file Approximate nearest neighbours on Fashion-MNIST-784 (Debian dataset-fashion-mnist), Euclidean: exact
 * neighbours once by FlatIndex (cached in /tmp), then lernwerk's HNSWIndex vs hnswlib (2 threads) at several efSearch
 * — recall@10, queries/s, build time — and KMeans (k=10, nInit=1) vs scikit-learn: time and inertia.
 * Run: npx tsx bench/ann.ts [--base 60000] [--queries 1000] [--M 16] [--efc 100] [--ef 10,20,40,80,160] [--kmeans-iter 300]
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as lw from "../src/index.ts";

const arg = (name: string, def: string): string => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const nBase = Number(arg("base", "60000")), nQ = Number(arg("queries", "1000")), M = Number(arg("M", "16")), efc = Number(arg("efc", "100"));
const efs = arg("ef", "10,20,40,80,160").split(",").map(Number), kmIter = Number(arg("kmeans-iter", "300"));

const rows = (t: lw.Tensor, n: number): lw.Tensor => t.reshape([t.shape[0], 784]).narrow(0, 0, n).contiguous();
const base = rows(lw.data.datasets.fashionMNIST({ train: true }).data, nBase);
const queries = rows(lw.data.datasets.fashionMNIST({ train: false }).data, nQ);
const now = (): number => performance.now() / 1000;

// Exact neighbours, cached.
const gtFile = `/tmp/lw-ann-fashion-gt-${nBase}-${nQ}.i32`;
let gt: Int32Array;
if (existsSync(gtFile)) gt = new Int32Array(readFileSync(gtFile).buffer.slice(0));
else {
  const t = now();
  gt = new lw.search.FlatIndex({ dim: 784 }).add(base).search(queries, 10).labels.toTypedArray() as Int32Array;
  console.log(`exact neighbours (FlatIndex, native GEMM): ${(now() - t).toFixed(2)} s for ${nQ} queries × ${nBase}`);
  writeFileSync(gtFile, gt);
}
const recall = (got: Int32Array): number => {
  let hit = 0;
  for (let i = 0; i < nQ; i++) { const s = new Set(gt.subarray(i * 10, i * 10 + 10)); for (let j = 0; j < 10; j++) if (s.has(got[i * 10 + j])) hit++; }
  return hit / (10 * nQ);
};

let t = now();
const ix = new lw.search.HNSWIndex({ dim: 784, M, efConstruction: efc, maxElements: nBase }).add(base);
const build = now() - t;
const ours = efs.map((ef) => {
  t = now();
  const r = ix.search(queries, 10, { ef });
  const dt = now() - t;
  return { ef, recall: recall(r.labels.toTypedArray() as Int32Array), qps: nQ / dt };
});

t = now();
const km = new lw.ml.KMeans({ nClusters: 10, nInit: 1, maxIter: kmIter, randomState: 0 }).fit(base);
const kmS = now() - t;

let ref: { hnswlib?: { build_s: number; rows: { ef: number; recall: number; qps: number }[]; error?: string }; sklearn_kmeans?: { s: number; inertia: number; n_iter: number } } = {};
try {
  ref = JSON.parse(execFileSync("/usr/bin/python3", [new URL("./ann_sklearn_hnswlib.py", import.meta.url).pathname, gtFile, String(nBase), String(nQ), String(M), String(efc), efs.join(","), String(kmIter)], { encoding: "utf8", maxBuffer: 1 << 20 }));
} catch (e) {
  console.log(`reference side failed (needs /usr/bin/python3 with python3-hnswlib, python3-sklearn): ${(e as Error).message}`);
}

console.log(`\nFashion-MNIST-784, Euclidean, ${nBase} base, ${nQ} queries, M=${M}, efConstruction=${efc}; lernwerk: 1 thread (JS), hnswlib: 2 threads`);
console.log(`build: lernwerk HNSW ${build.toFixed(1)} s, hnswlib ${ref.hnswlib?.build_s?.toFixed(1) ?? "n/a"} s`);
console.log("| efSearch | lernwerk recall@10 | lernwerk queries/s | hnswlib recall@10 | hnswlib queries/s |");
console.log("|---:|---:|---:|---:|---:|");
for (const o of ours) {
  const h = ref.hnswlib?.rows?.find((r) => r.ef === o.ef);
  console.log(`| ${o.ef} | ${o.recall.toFixed(4)} | ${o.qps.toFixed(0)} | ${h ? h.recall.toFixed(4) : "n/a"} | ${h ? h.qps.toFixed(0) : "n/a"} |`);
}
const sk = ref.sklearn_kmeans;
console.log(`\nKMeans on ${nBase}×784, k=10, nInit=1, maxIter=${kmIter}: lernwerk ${kmS.toFixed(2)} s, inertia ${km.inertia.toFixed(1)}, ${km.nIter} iterations; scikit-learn ${sk ? `${sk.s.toFixed(2)} s, inertia ${sk.inertia.toFixed(1)}, ${sk.n_iter} iterations` : "n/a"}`);
