/** @file keras.loadModel: a file whose architecture metadata is corrupted is refused naming the file and the field, never with a TypeError. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lw from "../../src/index.ts";

const { keras } = lw;
const { Dense, Concatenate } = keras.layers;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations of parsed JSON

test("corrupted architecture metadata is refused naming the file and the field", () => {
  const dir = mkdtempSync(join(tmpdir(), "lw-keras-load-"));
  try {
    const a = keras.Input({ shape: [3], name: "a" }), b = keras.Input({ shape: [2], name: "b" });
    const model = new keras.Model({ inputs: [a, b], outputs: new Dense(1).apply(new Concatenate().apply([new Dense(4).apply(a), b])) });
    const seq = new keras.Sequential([new Dense(4, { inputShape: [3] }), new Dense(2)]);
    model.save(join(dir, "f.safetensors"));
    seq.save(join(dir, "s.safetensors"));
    let n = 0;
    const variant = (src: string, edit: (arch: Json) => void | string): string => {
      const { tensors, metadata } = lw.io.deserialize(readFileSync(join(dir, src)));
      const arch = JSON.parse(metadata["lernwerk.keras"]) as Json;
      const text = edit(arch);
      const file = join(dir, `bad${n++}.safetensors`);
      writeFileSync(file, lw.io.serialize({ ...tensors }, { ...metadata, "lernwerk.keras": typeof text === "string" ? text : JSON.stringify(arch) }));
      return file;
    };
    const cases: [string, string, RegExp][] = [
      ["layer class toString", variant("s.safetensors", (j) => { j.layers[1].class = "toString"; }), /F: lernwerk\.keras: layers\[1\]\.class: "toString" is not a layer class lernwerk knows \(known: Dense, /],
      ["layers not a list", variant("s.safetensors", (j) => { j.layers = {}; }), /F: lernwerk\.keras: layers: expected an array of layers, got an object$/],
      ["layer null", variant("s.safetensors", (j) => { j.layers[0] = null; }), /F: lernwerk\.keras: layers\[0\]: expected an object, got null$/],
      ["layer config missing", variant("s.safetensors", (j) => { delete j.layers[0].config; }), /F: lernwerk\.keras: layers\[0\]\.config: expected an object, got nothing/],
      ["unknown inbound", variant("f.safetensors", (j) => { j.layers.find((l: Json) => l.inbound?.length).inbound = ["nope"]; }), /F: lernwerk\.keras: layers\[\d\]\.inbound\[0\]: "nope" is not an earlier layer/],
      ["unknown output", variant("f.safetensors", (j) => { j.output = "nope"; }), /F: lernwerk\.keras: output: "nope" is not a layer of the model/],
      ["inputs missing", variant("f.safetensors", (j) => { delete j.inputs; }), /F: lernwerk\.keras: inputs: expected an array of layer names, got nothing/],
      ["model class", variant("f.safetensors", (j) => { j.class = "constructor"; }), /F: lernwerk\.keras: class: expected one of "Sequential", "Functional", got "constructor"/],
      ["truncated JSON", variant("s.safetensors", () => "{\"class\":\"Seq"), /F: lernwerk\.keras: not valid JSON: .*truncated file\?/],
      ["duplicate key", variant("s.safetensors", () => "{\"class\":\"Sequential\",\"class\":\"Functional\"}"), /F: lernwerk\.keras: the top-level object has the key "class" twice/],
    ];
    const failures: string[] = [];
    for (const [what, file, re] of cases) {
      let message = "(no error)";
      try { keras.loadModel(file); } catch (e) { message = `${(e as Error).constructor.name === "Error" ? "" : `${(e as Error).constructor.name}: `}${(e as Error).message.replace(file, "F")}`; }
      if (!re.test(message)) failures.push(`${what}: ${message}`);
    }
    assert.deepEqual(failures, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
