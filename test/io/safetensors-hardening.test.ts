/** @file safetensors hardening: names that are Object.prototype's keys, duplicate header keys, BOM, metadata types, and save refusing what load would reject. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lw from "lernwerk";
import { f32, rawSafetensors } from "./raw-safetensors.ts";

const { serialize, deserialize } = lw.io;

const fileOf = rawSafetensors;
const entry = (begin: number, end: number): string => `{"dtype":"F32","shape":[${(end - begin) / 4}],"data_offsets":[${begin},${end}]}`;

test("a tensor named __proto__ is loaded as a tensor and leaves the result's prototype alone", () => {
  const bytes = fileOf(`{"__proto__":${entry(0, 8)},"b":${entry(8, 12)}}`, f32(3));
  const { tensors } = deserialize(bytes, "p.safetensors");
  assert.deepEqual(Object.keys(tensors).sort(), ["__proto__", "b"]);
  assert.ok(Object.hasOwn(tensors, "__proto__"));
  assert.deepEqual(tensors["__proto__"].tolist(), [1.5, 1.5]);
  assert.equal(Object.getPrototypeOf(tensors), null, "results have no prototype, so no inherited names");
  assert.equal(tensors["toString"], undefined);
  assert.equal(tensors["constructor"], undefined);
});

test("save writes a tensor named __proto__ (or constructor) and load gives it back", () => {
  const sd: Record<string, lw.Tensor> = Object.create(null) as Record<string, lw.Tensor>;
  sd["__proto__"] = lw.tensor([1, 2]);
  sd["constructor"] = lw.tensor([3]);
  const back = deserialize(serialize(sd)).tensors;
  assert.deepEqual(Object.keys(back).sort(), ["__proto__", "constructor"]);
  assert.deepEqual(back["__proto__"].tolist(), [1, 2]);
  assert.deepEqual(back["constructor"].tolist(), [3]);
  const meta = deserialize(serialize({ a: lw.tensor([1]) }, JSON.parse('{"__proto__":"x","toString":"y"}') as Record<string, string>)).metadata;
  assert.deepEqual({ ...meta }, JSON.parse('{"__proto__":"x","toString":"y"}'));
});

test("a header that would slip past the checks is rejected, naming the file, the tensor and the field", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ["dtype toString", fileOf(`{"a":{"dtype":"toString","shape":[2],"data_offsets":[0,8]}}`, f32(2)), /x\.safetensors .*\(dtype\): "a" has dtype "toString"/],
    ["dtype constructor", fileOf(`{"a":{"dtype":"constructor","shape":[2],"data_offsets":[0,8]}}`, f32(2)), /\(dtype\): "a" has dtype "constructor"/],
    ["duplicate tensor", fileOf(`{"a":${entry(0, 8)},"a":${entry(0, 8)}}`, f32(2)), /x\.safetensors .*\(duplicate key\): the header has the key "a" twice/],
    ["duplicate field", fileOf(`{"a":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, f32(2)), /\(duplicate key\): the entry of tensor "a" has the key "dtype" twice/],
    ["duplicate metadata key", fileOf(`{"__metadata__":{"k":"1","k":"2"},"a":${entry(0, 8)}}`, f32(2)), /\(duplicate key\).*"k"/],
    ["duplicate __metadata__", fileOf(`{"__metadata__":{},"__metadata__":{},"a":${entry(0, 8)}}`, f32(2)), /\(duplicate key\).*__metadata__/],
    ["metadata array", fileOf(`{"__metadata__":["x"],"a":${entry(0, 8)}}`, f32(2)), /\(metadata\).*array/],
    ["metadata empty array", fileOf(`{"__metadata__":[],"a":${entry(0, 8)}}`, f32(2)), /\(metadata\).*array/],
    ["metadata string", fileOf(`{"__metadata__":"x","a":${entry(0, 8)}}`, f32(2)), /\(metadata\)/],
    ["metadata null", fileOf(`{"__metadata__":null,"a":${entry(0, 8)}}`, f32(2)), /\(metadata\)/],
    ["metadata number value", fileOf(`{"__metadata__":{"n":3},"a":${entry(0, 8)}}`, f32(2)), /\(metadata\): __metadata__\.n is a number/],
    ["metadata null value", fileOf(`{"__metadata__":{"n":null},"a":${entry(0, 8)}}`, f32(2)), /\(metadata\): __metadata__\.n is null/],
    ["BOM", fileOf(`{"a":${entry(0, 8)}}`, f32(2), [0xef, 0xbb, 0xbf]), /x\.safetensors .*\(header JSON\).*byte-order mark/],
    ["entry array", fileOf(`{"a":[]}`, f32(0)), /\(tensor entry\): "a" is not an object/],
  ];
  for (const [what, bytes, re] of cases) assert.throws(() => deserialize(bytes, "x.safetensors"), re, what);
});

test("save refuses names and metadata that load would reject, so a save/load round trip is exact", () => {
  assert.throws(() => serialize({ a: lw.tensor([1]) }, { n: 3 } as unknown as Record<string, string>), /save: metadata "n" is a number, not a string/);
  assert.throws(() => serialize({ a: lw.tensor([1]) }, { n: null } as unknown as Record<string, string>), /save: metadata "n" is null, not a string/);
  assert.throws(() => serialize({ a: lw.tensor([1]) }, ["x"] as unknown as Record<string, string>), /save: metadata must be an object of strings/);
  assert.throws(() => serialize({ "\ud800": lw.tensor([1]) }), /save: the tensor name "\\ud800" is not well-formed Unicode/);
  assert.throws(() => serialize({ a: lw.tensor([1]) }, { k: "\udc00" }), /save: metadata "k" is not well-formed Unicode/);
  assert.throws(() => deserialize(fileOf(`{"\\ud800":${entry(0, 8)}}`, f32(2)), "x.safetensors"), /\(tensor name\).*not well-formed Unicode/);
  // every name save accepts comes back exactly
  const names = ["", " ", "a.b", "__proto__", "constructor", "hasOwnProperty", "ünï", "😀", "\"q\"", "\\"];
  const sd = Object.create(null) as Record<string, lw.Tensor>;
  names.forEach((n, i) => { sd[n] = lw.tensor([i]); });
  const back = deserialize(serialize(sd, { "": "", __proto__x: "1" })).tensors;
  assert.deepEqual(Object.keys(back).sort(), [...names].sort());
  names.forEach((n, i) => assert.deepEqual(back[n].tolist(), [i], n));
});

test("saveState takes what load returns (prototype-free records) and keys named __proto__ or toString", () => {
  const loaded = deserialize(serialize({ w: lw.tensor([1, 2]) })).tensors; // Object.create(null)
  const state = JSON.parse('{"epoch":3,"extra":{"__proto__":{"a":1},"toString":"x"}}') as Record<string, lw.io.StateValue>;
  const bytes = lw.io.serializeState({ model: loaded, ...state, named: { __proto__w: lw.tensor([5]) } });
  const back = lw.io.deserializeState(bytes, "s.safetensors");
  assert.deepEqual((back.model as Record<string, lw.Tensor>).w.tolist(), [1, 2]);
  assert.equal(back.epoch, 3);
  const extra = back.extra as Record<string, unknown>;
  assert.ok(Object.hasOwn(extra, "__proto__"), "an own key __proto__ survives");
  assert.deepEqual(extra["__proto__"], { a: 1 });
  assert.equal(extra.toString, "x");
  const withProtoTensor = JSON.parse('{"__proto__":0}') as Record<string, unknown>;
  withProtoTensor["__proto__"] = lw.tensor([7]);
  Object.defineProperty(withProtoTensor, "__proto__", { value: lw.tensor([7]), enumerable: true });
  const b2 = lw.io.deserializeState(lw.io.serializeState({ m: withProtoTensor }));
  assert.deepEqual(((b2.m as Record<string, lw.Tensor>)["__proto__"]).tolist(), [7]);
});
