/** @file The text-classification task: POST /v1/models/:model/predict `{ inputs, parameters: { top_k } }` → `[{ label, score }]` per text, batched. */
import { BertForSequenceClassification } from "../../models/bert.ts";
import { textClassificationPipeline, type LabelScore } from "../../pipelines/text-classification.ts";
import type { TaskDefinition } from "../task.ts";
import { checkTextInput, contextError, defaultTruncation, inferTexts, modelParam, requireModel, requireTokenizer, textRequestSchema, type Outcome, type TextRequest } from "./text-common.ts";

interface Params { top_k?: number | null }

export const textClassification: TaskDefinition = {
  task: "text-classification",
  batchable: true,
  routes: (ctx) => [{
    path: "/predict",
    options: {
      method: "POST",
      schema: { body: textRequestSchema({ top_k: { anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }] } }) },
      handler: async (req) => ({ predictions: await inferTexts<Params, LabelScore[]>(ctx, req, modelParam(req), req.body as TextRequest<Params>) }),
    },
  }],
  createRunner(model, spec, dir) {
    const bert = requireModel("text-classification", model, (m): m is BertForSequenceClassification => m instanceof BertForSequenceClassification, "BertForSequenceClassification");
    const tok = requireTokenizer("text-classification", spec, dir);
    const classify = textClassificationPipeline(bert, tok), maxLength = bert.config.maxPositionEmbeddings;
    const fallback = defaultTruncation(spec, "truncate");
    return {
      runBatch(inputs) {
        const xs = inputs.map((x, i) => checkTextInput<Params>("text-classification", x, i));
        const outs: Outcome<LabelScore[]>[] = xs.map((x) => contextError(tok, x.text, maxLength, x.parameters.truncation ?? fallback) ?? { ok: [] });
        const run = xs.map((_, i) => i).filter((i) => "ok" in outs[i]);
        if (run.length) {
          const all = classify(run.map((i) => xs[i].text), { topK: null, batchSize: run.length, maxLength }); // every label, best first
          run.forEach((i, j) => { const k = xs[i].parameters.top_k; outs[i] = { ok: k === null ? all[j] : all[j].slice(0, k ?? 1) }; });
        }
        return outs;
      },
    };
  },
};
