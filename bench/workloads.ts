/**
 * @file What `npm run bench` runs per workload of ../shared/bench: lernwerk's script and the PyTorch (and NumPy)
 * reference with the same threads, every pass; TF.js wasm and cpu (one thread) once per run. Full and --quick sizes.
 */
import { join } from "node:path";
import { PY, ROOT, SHARED_BENCH } from "./harness.ts";

export interface Command {
  label: string;
  cmd: string;
  args: string[];
}

export type TfjsBackend = "wasm" | "cpu";

export interface Workload {
  name: string;
  /** lernwerk first, then its references, each with `threads` threads. */
  perPass(threads: number, quick: boolean): Command[];
  /** TF.js on one backend (one thread); undefined where that run is too slow for --quick. */
  tfjs(backend: TfjsBackend, quick: boolean): Command | undefined;
}

const lernwerk = (script: string, threads: number, args: string[]): Command =>
  ({ label: "lernwerk", cmd: process.execPath, args: ["--import", "tsx", join(ROOT, "bench", script), "--threads", String(threads), ...args] });
const py = (label: string, script: string, threads: number, args: string[]): Command =>
  ({ label, cmd: PY, args: [join(SHARED_BENCH, "py", script), "--threads", String(threads), ...args] });
const tfjs = (label: string, script: string, backend: TfjsBackend, args: string[]): Command =>
  ({ label, cmd: process.execPath, args: [join(SHARED_BENCH, "js", script), "--backend", backend, ...args] });
const split = (s: string): string[] => s.split(" ");

const matmulSizes = (quick: boolean): string => (quick ? "128,256" : "256,512,1024,2048");

export const WORKLOADS: readonly Workload[] = [
  {
    name: "matmul",
    perPass: (t, q) => {
      const ref = split(`--sizes ${matmulSizes(q)}${q ? " --reps 3 --min-time 0" : ""}`);
      return [lernwerk("matmul.ts", t, ["--sizes", matmulSizes(q)]), py("torch", "matmul.py", t, ["--impl", "torch", ...ref]), py("numpy", "matmul.py", t, ["--impl", "numpy", ...ref])];
    },
    tfjs: (b, q) => tfjs(`tfjs-${b}`, "matmul.js", b, split(`--impl tfjs --sizes ${b === "cpu" ? (q ? "128" : "256,512") : matmulSizes(q)}`)),
  },
  {
    name: "mlp",
    perPass: (t, q) => [lernwerk("mlp.ts", t, split(q ? "--epochs 1 --limit 2000" : "--epochs 1")), py("torch", "mlp.py", t, split("--epochs 1"))],
    tfjs: (b, q) => (q ? undefined : tfjs(`tfjs-${b}`, "mlp.js", b, split("--epochs 1"))),
  },
  {
    name: "cnn",
    perPass: (t, q) => {
      const args = split(q ? "--steps 3 --warmup 1" : "--steps 200 --warmup 10");
      return [lernwerk("cnn.ts", t, args), py("torch", "cnn.py", t, [...args, "--rounds", "1"])];
    },
    // wasm lacks Conv2DBackpropFilter (fails in its first step); cpu needs ~30 s a step: 3 steps, extrapolated, as run.sh
    tfjs: (b, q) => (b === "wasm" ? tfjs("tfjs-wasm", "cnn.js", b, []) : q ? undefined : tfjs("tfjs-cpu", "cnn.js", b, split("--steps 3 --warmup 1"))),
  },
  {
    name: "lstm",
    perPass: (t, q) => [lernwerk("lstm-char.ts", t, split(q ? "--steps 1 --warmup 0" : "--steps 10 --warmup 2")), py("torch", "lstm.py", t, split(q ? "--steps 2 --warmup 1" : "--steps 10 --warmup 3"))],
    tfjs: (b, q) => (b === "wasm" ? tfjs("tfjs-wasm (one-hot embed)", "lstm.js", b, split(`--embed onehot ${q ? "--steps 1 --warmup 0" : "--steps 3 --warmup 1"}`))
      : q ? undefined : tfjs("tfjs-cpu", "lstm.js", b, split("--embed layer --steps 2 --warmup 1"))),
  },
  {
    name: "gpt",
    perPass: (t, q) => {
      // Generation: the median of 3 runs after a warm-up (1 run when quick), in all three implementations alike.
      const args = split(q ? "--steps 1 --warmup 1 --gen 16 --gen-reps 1" : "--steps 10 --warmup 3 --gen 256 --gen-reps 3");
      return [lernwerk("gpt.ts", t, args), py("torch", "gpt.py", t, args)];
    },
    tfjs: (b, q) => (b === "wasm" ? tfjs("tfjs-wasm (one-hot embed)", "gpt.js", b, split(`--embed onehot ${q ? "--steps 1 --warmup 0 --gen 16 --gen-reps 1" : "--steps 3 --warmup 1"}`))
      : q ? undefined : tfjs("tfjs-cpu", "gpt.js", b, split("--embed gather --steps 1 --warmup 1 --gen-reps 1"))),
  },
];
