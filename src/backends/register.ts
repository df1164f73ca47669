/** @file Registers the backends that exist in this build; `js` is always there and the default for now. */
import { registerBackend } from "./backend.ts";
import { jsBackend } from "./js/index.ts";

registerBackend(jsBackend);
