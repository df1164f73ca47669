/** @file Test helpers for the tfevents tests: the records of a folder's event files, and protoc (Debian's protobuf-compiler). */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { eventFilesIn } from "../../src/track/tensorboard/reader.ts";
import { readRecords } from "../../src/track/tensorboard/record.ts";

/** The raw Event bytes of every record of the event files directly in `dir`. */
export function recordsIn(dir: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of eventFilesIn(dir)) for (const r of readRecords(readFileSync(f), f, () => { throw new Error(`${f} is truncated`); })) out.push(r.data);
  return out;
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export const PROTO_ROOT = fileURLToPath(new URL("../../tools/tensorboard_proto", import.meta.url));

/**
 * Whether protoc runs here. In CI a missing protoc fails the test (the caller asserts); outside CI the test is
 * skipped with a message naming the Debian package.
 */
export function protocAvailable(): true | string {
  const r = spawnSync("protoc", ["--version"], { encoding: "utf8" });
  if (r.status === 0) return true;
  if (process.env.CI === "true") throw new Error("protoc is missing: CI must install Debian's protobuf-compiler");
  return "protoc not found: install Debian's protobuf-compiler to run this check";
}

/** `protoc --decode_raw` of one message. */
export function decodeRaw(message: Uint8Array): string {
  const r = spawnSync("protoc", ["--decode_raw"], { input: message, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`protoc --decode_raw failed: ${r.stderr}`);
  return r.stdout;
}

/** `protoc --decode=<type>` with tools/tensorboard_proto's definitions (tensorboard.Event and what it holds). */
export function decodeAs(type: string, message: Uint8Array, file = "tensorboard/compat/proto/event.proto"): string {
  const r = spawnSync("protoc", [`--decode=${type}`, "-I", PROTO_ROOT, file], { input: message, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`protoc --decode=${type} failed: ${r.stderr}`);
  return r.stdout;
}
