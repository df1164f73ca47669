/**
 * @file The text-generation task: POST /v1/models/:model/generate `{ inputs, parameters, stream }` (JSON, or with
 * stream: true server-sent events, one per token), and OpenAI's POST /v1/completions (prompt, max_tokens, temperature,
 * top_p, stream → `choices[0].text`; SSE `data: {…}` lines ending in `data: [DONE]`). Streams stop when the client goes.
 */
import { randomUUID } from "node:crypto";
import { GPT2LMHeadModel } from "../../models/gpt.ts";
import { Generator } from "../../core/random.ts";
import type { Tokenizer } from "../../text/tokenizer.ts";
import { ServeError, type StreamSignal, type TaskContext, type TaskDefinition } from "../task.ts";
import { defaultTruncation, fail, modelParam, requireModel, requireTokenizer, unwrap, type Outcome, type Truncation } from "./text-common.ts";
import { openSse } from "./sse.ts";

/** One generation request as the runner gets it (the routes map both request shapes onto it). */
export interface GenerationInput {
  prompt: string;
  maxNewTokens?: number;
  /** 0 = greedy (default); > 0 samples. */
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
  seed?: number;
  truncation?: Truncation;
}
/** What a streamed token looks like: its id and the text it adds. */
export interface TokenEvent { id: number; text: string }
export interface GenerationResult { text: string; promptTokens: number; completionTokens: number; finishReason: "length" | "stop" | "abort" }

const GEN_PROPS = {
  max_new_tokens: { type: "integer", minimum: 1, maximum: 4096 }, temperature: { type: "number", minimum: 0, maximum: 10 },
  top_p: { type: "number", exclusiveMinimum: 0, maximum: 1 }, top_k: { type: "integer", minimum: 1 }, repetition_penalty: { type: "number", exclusiveMinimum: 0 },
  seed: { type: "integer", minimum: 0 }, truncation: { enum: ["truncate", "error"] },
} as const;

interface GenerateBody { inputs: string; stream?: boolean; parameters?: { max_new_tokens?: number; temperature?: number; top_p?: number; top_k?: number; repetition_penalty?: number; seed?: number; truncation?: Truncation } }
interface CompletionBody { model: string; prompt: string; max_tokens?: number; temperature?: number; top_p?: number; stream?: boolean; seed?: number; n?: number }

/** Generates for one input, calling onToken per new token; stops when signal.aborted. */
export function generateText(model: GPT2LMHeadModel, tok: Tokenizer, fallback: Truncation, input: GenerationInput, onToken: (e: TokenEvent) => void, signal: StreamSignal): Outcome<GenerationResult> {
  if (!input || typeof input.prompt !== "string") throw new TypeError(`serve text-generation: the input must be { prompt: string, … }, got ${JSON.stringify(input)?.slice(0, 80)}`);
  const ctxLen = model.config.nPositions;
  let ids = tok.encode(input.prompt).ids;
  if (ids.length === 0) return fail(422, "INVALID_INPUT", "the prompt is empty after tokenising");
  if (ids.length >= ctxLen) {
    if ((input.truncation ?? fallback) === "error") return fail(413, "CONTEXT_LENGTH_EXCEEDED", `the prompt has ${ids.length} tokens; the model's context is ${ctxLen} (prompt and new tokens together)`);
    ids = ids.slice(-(ctxLen - 1));
  }
  const maxNewTokens = Math.min(input.maxNewTokens ?? 20, ctxLen - ids.length);
  const temperature = input.temperature ?? 0;
  const out: number[] = [];
  let sent = "", finish = "length" as GenerationResult["finishReason"];
  const [row] = model.generate([ids], {
    maxNewTokens, doSample: temperature > 0, ...(temperature > 0 ? { temperature, topP: input.topP, topK: input.topK } : {}),
    repetitionPenalty: input.repetitionPenalty, generator: input.seed !== undefined ? new Generator(input.seed) : undefined,
    onToken: (t) => {
      if (signal.aborted) { finish = "abort"; return false; }
      out.push(t);
      const text = tok.decode(out); // whole-text decode: a byte-level BPE character may span tokens
      const piece = text.startsWith(sent) ? text.slice(sent.length) : text;
      sent = text;
      onToken({ id: t, text: piece });
      if (signal.aborted) { finish = "abort"; return false; }
      return true;
    },
  });
  if (finish !== "abort" && row.length - ids.length < maxNewTokens) finish = "stop";
  return { ok: { text: tok.decode(out), promptTokens: ids.length, completionTokens: out.length, finishReason: finish } };
}

const NOT_ABORTED: StreamSignal = { aborted: false };

function checkGenerationModel(ctx: TaskContext, model: string): void {
  const task = ctx.spec(model).task;
  if (task !== "text-generation") throw new ServeError(400, "WRONG_TASK", `the model "${model}" is served as ${task ?? "no task"}, not text-generation`);
}

export const textGeneration: TaskDefinition = {
  task: "text-generation",
  batchable: false,
  routes: (ctx) => [
    {
      path: "/generate",
      options: {
        method: "POST",
        schema: { body: { type: "object", required: ["inputs"], additionalProperties: false, properties: { inputs: { type: "string", minLength: 1 }, stream: { type: "boolean" }, parameters: { type: "object", additionalProperties: false, properties: GEN_PROPS } } } },
        handler: async (req, reply) => {
          const model = modelParam(req), body = req.body as GenerateBody, p = body.parameters ?? {};
          const version = (req.query as { version?: string } | undefined)?.version;
          const input: GenerationInput = { prompt: body.inputs, maxNewTokens: p.max_new_tokens, temperature: p.temperature, topP: p.top_p, topK: p.top_k, repetitionPenalty: p.repetition_penalty, seed: p.seed, truncation: p.truncation };
          if (!body.stream) {
            const r = unwrap<GenerationResult>(await ctx.infer(model, input, { version }));
            return { generated_text: r.text, details: { finish_reason: r.finishReason, prompt_tokens: r.promptTokens, generated_tokens: r.completionTokens } };
          }
          const sse = openSse(req, reply);
          try {
            const r = unwrap<GenerationResult>(await ctx.stream(model, input, (e) => sse.send({ token: e as TokenEvent }), { version, signal: sse.signal }));
            sse.send({ generated_text: r.text, details: { finish_reason: r.finishReason, prompt_tokens: r.promptTokens, generated_tokens: r.completionTokens } });
            sse.end();
          } catch (e) {
            sse.end(e);
          }
          return reply;
        },
      },
    },
    {
      path: "/v1/completions",
      absolute: true,
      options: {
        method: "POST",
        schema: {
          body: {
            type: "object", required: ["model", "prompt"],
            properties: {
              model: { type: "string", minLength: 1 }, prompt: { type: "string", minLength: 1 }, max_tokens: GEN_PROPS.max_new_tokens,
              temperature: { type: "number", minimum: 0, maximum: 2 }, top_p: GEN_PROPS.top_p, stream: { type: "boolean" }, seed: GEN_PROPS.seed, n: { const: 1 },
            },
          },
        },
        handler: async (req, reply) => {
          const body = req.body as CompletionBody;
          checkGenerationModel(ctx, body.model);
          const input: GenerationInput = { prompt: body.prompt, maxNewTokens: body.max_tokens ?? 16, temperature: body.temperature ?? 1, topP: body.top_p, seed: body.seed };
          const id = `cmpl-${randomUUID()}`, created = Math.floor(Date.now() / 1000);
          const chunk = (text: string, finish: string | null): unknown => ({ id, object: "text_completion", created, model: body.model, choices: [{ text, index: 0, logprobs: null, finish_reason: finish }] });
          if (!body.stream) {
            const r = unwrap<GenerationResult>(await ctx.infer(body.model, input));
            return { ...(chunk(r.text, r.finishReason) as object), usage: { prompt_tokens: r.promptTokens, completion_tokens: r.completionTokens, total_tokens: r.promptTokens + r.completionTokens } };
          }
          const sse = openSse(req, reply);
          try {
            const r = unwrap<GenerationResult>(await ctx.stream(body.model, input, (e) => sse.send(chunk((e as TokenEvent).text, null)), { signal: sse.signal }));
            sse.send(chunk("", r.finishReason));
            sse.send("[DONE]");
            sse.end();
          } catch (e) {
            sse.end(e);
          }
          return reply;
        },
      },
    },
  ],
  createRunner(model, spec, dir) {
    const gpt = requireModel("text-generation", model, (m): m is GPT2LMHeadModel => m instanceof GPT2LMHeadModel, "GPT2LMHeadModel");
    const tok = requireTokenizer("text-generation", spec, dir);
    const fallback = defaultTruncation(spec, "truncate");
    return {
      runBatch: (inputs) => inputs.map((x) => generateText(gpt, tok, fallback, x as GenerationInput, () => {}, NOT_ABORTED)),
      stream: (input, emit, signal) => generateText(gpt, tok, fallback, input as GenerationInput, emit, signal),
    };
  },
};
