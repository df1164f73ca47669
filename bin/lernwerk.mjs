#!/usr/bin/env node
// The `lernwerk` command: registers tsx's ESM loader (the project has no build step) and runs src/cli/main.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
