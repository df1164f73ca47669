/**
 * @file The op database (PyTorch's OpInfo): one entry per public op, the source of truth for the
 * generated tests (test/opdb-*.test.ts) and for `npm run opdb:report`. Entries live in test/opdb/.
 */
import { creationEntries } from "./opdb/creation.ts";
import { elementwiseEntries } from "./opdb/elementwise.ts";
import { reduceAll } from "./opdb/reduce.ts";
import { movementAll } from "./opdb/movement.ts";
import { indexingEntries } from "./opdb/indexing.ts";
import { linalgEntries } from "./opdb/linalg.ts";
import { convEntries } from "./opdb/conv.ts";
import { nnEntries } from "./opdb/nn.ts";
import { rnnEntries } from "./opdb/rnn.ts";
import { attentionEntries } from "./opdb/attention.ts";
import type { OpInfo } from "./opdb/types.ts";

export type { OpInfo, Sample, ErrorCase } from "./opdb/types.ts";

export const OPDB: readonly OpInfo[] = [...creationEntries, ...elementwiseEntries, ...reduceAll, ...movementAll, ...indexingEntries, ...linalgEntries, ...convEntries, ...nnEntries, ...attentionEntries, ...rnnEntries];

/** Public functions that are not tensor ops, and why they have no entry (they are tested elsewhere). */
export const NOT_OPS: Readonly<Record<string, string>> = {
  noGrad: "grad mode (test/autograd.test.ts)",
  enableGrad: "grad mode (test/autograd.test.ts)",
  isGradEnabled: "grad mode (test/autograd.test.ts)",
  setGradEnabled: "grad mode (test/autograd.test.ts)",
  manualSeed: "random state (test/random.test.ts)",
  Generator: "random state (test/random.test.ts)",
  setPrintOptions: "printing (test/format.test.ts)",
  setBackend: "backend registry",
  listBackends: "backend registry",
  currentBackend: "backend registry",
  promoteTypes: "dtype rule (test/promotion.test.ts)",
  broadcastShapes: "shape rule (test/promotion.test.ts)",
  Tensor: "the class itself",
  save: "serialisation (io tests)",
  load: "serialisation (io tests)",
  pipeline: "Hugging Face-style task pipelines (test/pipelines)",
};
