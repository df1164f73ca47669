/** @file The token-classification (NER) task: POST /v1/models/:model/predict `{ inputs, parameters: { aggregation_strategy, ignore_labels } }` → entities per text, batched. */
import { BertForTokenClassification } from "../../models/bert.ts";
import { tokenClassificationPipeline, type Aggregation, type EntityGroup, type TokenEntity } from "../../pipelines/token-classification.ts";
import type { TaskDefinition } from "../task.ts";
import { checkTextInput, contextError, defaultTruncation, inferTexts, modelParam, requireModel, requireTokenizer, textRequestSchema, type Outcome, type TextRequest } from "./text-common.ts";

interface Params { aggregation_strategy?: Aggregation; ignore_labels?: string[] }
type Entities = Array<TokenEntity | EntityGroup>;

export const tokenClassification: TaskDefinition = {
  task: "token-classification",
  batchable: true,
  routes: (ctx) => [{
    path: "/predict",
    options: {
      method: "POST",
      schema: { body: textRequestSchema({ aggregation_strategy: { enum: ["none", "simple", "first"] }, ignore_labels: { type: "array", items: { type: "string" }, maxItems: 100 } }) },
      handler: async (req) => ({ predictions: await inferTexts<Params, Entities>(ctx, req, modelParam(req), req.body as TextRequest<Params>) }),
    },
  }],
  createRunner(model, spec, dir) {
    const bert = requireModel("token-classification", model, (m): m is BertForTokenClassification => m instanceof BertForTokenClassification, "BertForTokenClassification");
    const tok = requireTokenizer("token-classification", spec, dir);
    const tag = tokenClassificationPipeline(bert, tok), maxLength = bert.config.maxPositionEmbeddings;
    const fallback = defaultTruncation(spec, "truncate");
    return {
      runBatch(inputs) {
        const xs = inputs.map((x, i) => checkTextInput<Params>("token-classification", x, i));
        const outs: Outcome<Entities>[] = xs.map((x) => contextError(tok, x.text, maxLength, x.parameters.truncation ?? fallback) ?? { ok: [] });
        // Inputs with the same parameters share one forward pass.
        const groups = new Map<string, number[]>();
        xs.forEach((x, i) => {
          if (!("ok" in outs[i])) return;
          const key = JSON.stringify([x.parameters.aggregation_strategy ?? "none", x.parameters.ignore_labels ?? ["O"]]);
          groups.set(key, [...(groups.get(key) ?? []), i]);
        });
        for (const idx of groups.values()) {
          const p = xs[idx[0]].parameters;
          const res = tag(idx.map((i) => xs[i].text), { aggregationStrategy: p.aggregation_strategy ?? "none", ignoreLabels: p.ignore_labels ?? ["O"], batchSize: idx.length, maxLength });
          idx.forEach((i, j) => { outs[i] = { ok: res[j] }; });
        }
        return outs;
      },
    };
  },
};
