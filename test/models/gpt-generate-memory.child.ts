/**
 * @file Child of gpt-generate-memory.test.ts (run with --expose-gc): `runs` synchronous generate() calls of a tiny
 * GPT-2 with the whole context window as its KV cache; prints the arrayBuffers growth after the warm-up as JSON.
 */
import * as lw from "../../src/index.ts";

const runs = Number(process.argv[2] ?? "60");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("gpt-generate-memory.child: run with node --expose-gc");
lw.manualSeed(0);
// (nLayer 2) × (K, V) × (1, 2, 1024, 32) float32: 1 MiB of caches per generate() call.
const model = new lw.models.GPT2LMHeadModel({ vocabSize: 64, nPositions: 1024, nEmbd: 64, nLayer: 2, nHead: 2 });
let start = 0;
for (let i = 0; i < runs; i++) {
  model.generate([[1, 2, 3]], { maxNewTokens: 2, eosTokenId: null });
  gc();
  if (i === 4) start = process.memoryUsage().arrayBuffers;
}
console.log(JSON.stringify({ growthBytes: process.memoryUsage().arrayBuffers - start, backend: lw.currentBackend().name }));
