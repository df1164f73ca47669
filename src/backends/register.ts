/**
 * @file Registers the backends of this build and picks the default: `native` when the addon built and
 * loads, else `js` with one warning saying why. LERNWERK_BACKEND=js|native overrides the choice.
 */
import { BINARY_OPS, UNARY_OPS } from "../core/ops.ts";
import { registerBackend, setBackend } from "./backend.ts";
import { jsBackend } from "./js/index.ts";
import { nativeBinding } from "./native/binding.ts";
import { createNativeBackend } from "./native/index.ts";

function registerNative(): string | null {
  const loaded = nativeBinding();
  if ("reason" in loaded) return loaded.reason;
  try {
    registerBackend(createNativeBackend(loaded.binding, UNARY_OPS, BINARY_OPS));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

registerBackend(jsBackend);
const requested = process.env.LERNWERK_BACKEND ?? "";
const nativeMissing = registerNative();
if (requested === "js") {
  setBackend("js");
} else if (nativeMissing === null) {
  setBackend("native");
} else {
  process.emitWarning(`lernwerk runs on the slow js backend because ${nativeMissing}`, { code: "LERNWERK_NO_NATIVE" });
  setBackend("js");
}
if (requested !== "" && requested !== "js" && requested !== "native") {
  process.emitWarning(`LERNWERK_BACKEND="${requested}" is not a backend (js, native); using ${nativeMissing === null ? "native" : "js"}`, { code: "LERNWERK_BACKEND" });
}
