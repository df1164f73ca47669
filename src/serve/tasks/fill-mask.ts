/** @file The fill-mask task: POST /v1/models/:model/predict `{ inputs: "… [MASK] …", parameters: { top_k } }` → `[{ score, token, token_str, sequence }]`, batched. */
import { BertForMaskedLM } from "../../models/bert.ts";
import { fillMaskPipeline, type FillMaskResult } from "../../pipelines/fill-mask.ts";
import type { TaskDefinition } from "../task.ts";
import { checkTextInput, contextError, defaultTruncation, fail, inferTexts, modelParam, requireModel, requireTokenizer, textRequestSchema, type Outcome, type TextRequest } from "./text-common.ts";

interface Params { top_k?: number }

export const fillMask: TaskDefinition = {
  task: "fill-mask",
  batchable: true,
  routes: (ctx) => [{
    path: "/predict",
    options: {
      method: "POST",
      schema: { body: textRequestSchema({ top_k: { type: "integer", minimum: 1, maximum: 100 } }) },
      handler: async (req) => ({ predictions: await inferTexts<Params, FillMaskResult[]>(ctx, req, modelParam(req), req.body as TextRequest<Params>) }),
    },
  }],
  createRunner(model, spec, dir) {
    const bert = requireModel("fill-mask", model, (m): m is BertForMaskedLM => m instanceof BertForMaskedLM, "BertForMaskedLM");
    const tok = requireTokenizer("fill-mask", spec, dir);
    const unmask = fillMaskPipeline(bert, tok), maxLength = bert.config.maxPositionEmbeddings, mask = tok.tokenToId("[MASK]");
    const fallback = defaultTruncation(spec, "error"); // truncating could cut the [MASK] off
    return {
      runBatch(inputs) {
        const xs = inputs.map((x, i) => checkTextInput<Params>("fill-mask", x, i));
        const outs: Outcome<FillMaskResult[]>[] = xs.map((x) => {
          const n = tok.encode(x.text, { allowedSpecial: "all" }).ids.filter((id) => id === mask).length;
          if (n !== 1) return fail(422, "INVALID_INPUT", `the text must hold exactly one [MASK], it holds ${n}`);
          return contextError(tok, x.text, maxLength, x.parameters.truncation ?? fallback) ?? { ok: [] };
        });
        const run = xs.map((_, i) => i).filter((i) => "ok" in outs[i]);
        if (run.length) {
          const k = Math.max(...run.map((i) => xs[i].parameters.top_k ?? 5));
          const all = unmask(run.map((i) => xs[i].text), { topK: k, batchSize: run.length, maxLength });
          run.forEach((i, j) => { outs[i] = { ok: all[j].slice(0, xs[i].parameters.top_k ?? 5) }; });
        }
        return outs;
      },
    };
  },
};
