// Worker-thread bootstrap: registers tsx's loader (the project has no build step) and runs worker.ts.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
