/**
 * @file `npm run opdb:report`: how many public ops the op database covers, forward-tested, gradchecked
 * and error-tested, and every public function of src/index.ts that has no entry (so it cannot drift).
 */
import * as lw from "lernwerk";
import { NOT_OPS, OPDB } from "../test/opdb.ts";

/** An entry's public name: "gelu(tanh)" is a variant of gelu. */
const baseName = (name: string) => name.replace(/\(.*\)$/, "");

const exported = Object.entries(lw).filter(([, v]) => typeof v === "function").map(([k]) => k);
const methods = ["T", "mT", "slice", "index"];
const publicOps = [...new Set([...exported.filter((k) => !(k in NOT_OPS)), ...methods])].sort();

const covering = (name: string) => OPDB.filter((e) => baseName(e.name) === name || e.aliases?.includes(name));
const rows = publicOps.map((name) => {
  const es = covering(name);
  return {
    name,
    entries: es.length,
    forward: es.some((e) => (e.ref || e.check) && e.samples().length > 0),
    differentiable: es.some((e) => e.grad),
    gradchecked: es.some((e) => e.grad && e.samples().some((s) => s.grad !== false)),
    errors: es.reduce((n, e) => n + (e.errors?.length ?? 0), 0),
  };
});

const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
const missing = rows.filter((r) => r.entries === 0).map((r) => r.name);
const ungradchecked = rows.filter((r) => r.differentiable && !r.gradchecked).map((r) => r.name);
const samples = OPDB.reduce((n, e) => n + e.samples().length, 0);

console.log("lernwerk op database report");
console.log("");
console.log(`  public ops                 ${rows.length}`);
console.log(`  with an opdb entry         ${rows.length - missing.length}`);
console.log(`  forward-tested             ${count((r) => r.forward)}`);
console.log(`  differentiable             ${count((r) => r.differentiable)}`);
console.log(`  gradchecked                ${count((r) => r.gradchecked)}`);
console.log(`  error-tested               ${count((r) => r.errors > 0)}`);
console.log(`  opdb entries / samples     ${OPDB.length} / ${samples}`);
console.log(`  not ops (tested elsewhere) ${Object.keys(NOT_OPS).join(", ")}`);
console.log("");
console.log(`  public functions without an opdb entry: ${missing.length ? missing.join(", ") : "none"}`);
console.log(`  differentiable but not gradchecked:    ${ungradchecked.length ? ungradchecked.join(", ") : "none"}`);
console.log(`  without error tests:                    ${rows.filter((r) => r.errors === 0).map((r) => r.name).join(", ") || "none"}`);
/** A function reached from the package root by a dotted path, as nn.functional.layerNorm. */
const isPublicPath = (name: string): boolean => typeof name.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], lw) === "function";
const stale = OPDB.filter((e) => !publicOps.includes(baseName(e.name)) && !isPublicPath(baseName(e.name))).map((e) => e.name);
if (stale.length) console.log(`  entries naming no public op:            ${stale.join(", ")}`);
if (missing.length || ungradchecked.length || stale.length) process.exitCode = 1;
