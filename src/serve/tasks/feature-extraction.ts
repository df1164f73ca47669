/**
 * @file The feature-extraction task (embeddings): POST /v1/models/:model/embed `{ inputs, parameters: { pooling, normalize } }`
 * → per text a vector (pooling "mean" (default) or "cls") or the token vectors (pooling "none"); normalize: unit length. Batched.
 */
import { BertModel, BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification, type AnyBert } from "../../models/bert.ts";
import { featureExtractionPipeline } from "../../pipelines/feature-extraction.ts";
import type { TaskDefinition } from "../task.ts";
import { checkTextInput, contextError, defaultTruncation, inferTexts, modelParam, requireModel, requireTokenizer, textRequestSchema, type Outcome, type TextRequest } from "./text-common.ts";

export type Pooling = "mean" | "cls" | "none";
interface Params { pooling?: Pooling; normalize?: boolean }
type Embedding = number[] | number[][];

const isBert = (m: unknown): m is AnyBert => m instanceof BertModel || m instanceof BertForMaskedLM || m instanceof BertForSequenceClassification || m instanceof BertForTokenClassification;

const unit = (v: number[]): number[] => {
  const n = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  return n > 0 ? v.map((x) => x / n) : v;
};

/** Pools the (T, H) token vectors of one text (padding already left out). */
export function pool(tokens: number[][], pooling: Pooling, normalize: boolean): Embedding {
  if (pooling === "none") return normalize ? tokens.map(unit) : tokens;
  let v: number[];
  if (pooling === "cls") v = tokens[0];
  else {
    v = new Array<number>(tokens[0].length).fill(0);
    for (const t of tokens) t.forEach((x, h) => { v[h] += x / tokens.length; });
  }
  return normalize ? unit(v) : v;
}

export const featureExtraction: TaskDefinition = {
  task: "feature-extraction",
  batchable: true,
  routes: (ctx) => [{
    path: "/embed",
    options: {
      method: "POST",
      schema: { body: textRequestSchema({ pooling: { enum: ["mean", "cls", "none"] }, normalize: { type: "boolean" } }) },
      handler: async (req) => ({ embeddings: await inferTexts<Params, Embedding>(ctx, req, modelParam(req), req.body as TextRequest<Params>) }),
    },
  }],
  createRunner(model, spec, dir) {
    const bert = requireModel("feature-extraction", model, isBert, "BERT model (BertModel or a Bert…For… head)");
    const tok = requireTokenizer("feature-extraction", spec, dir);
    const extract = featureExtractionPipeline(bert, tok);
    const maxLength = (bert instanceof BertModel ? bert : bert.bert).config.maxPositionEmbeddings;
    const fallback = defaultTruncation(spec, "truncate");
    return {
      runBatch(inputs) {
        const xs = inputs.map((x, i) => checkTextInput<Params>("feature-extraction", x, i));
        const outs: Outcome<Embedding>[] = xs.map((x) => contextError(tok, x.text, maxLength, x.parameters.truncation ?? fallback) ?? { ok: [] });
        const run = xs.map((_, i) => i).filter((i) => "ok" in outs[i]);
        if (run.length) {
          const all = extract(run.map((i) => xs[i].text), { batchSize: run.length, maxLength }); // (1, T, H) each
          run.forEach((i, j) => { const p = xs[i].parameters; outs[i] = { ok: pool(all[j][0], p.pooling ?? "mean", p.normalize ?? false) }; });
        }
        return outs;
      },
    };
  },
};
