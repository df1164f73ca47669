/**
 * @file What the text tasks share: the tokenizer logged with the model, the `{ inputs, parameters }` request body,
 * per-input outcomes (a result or a client error) that cross the worker boundary as plain objects, and the context check.
 */
import type { FastifyRequest } from "fastify";
import type { ModelSpec } from "../../track/model-format.ts";
import { readModelTokenizer } from "../../track/model-format.ts";
import type { Tokenizer } from "../../text/tokenizer.ts";
import { ServeError, type TaskContext } from "../task.ts";

/** A per-input outcome: the runner never throws for one bad input, so the other inputs of its batch still get answers. */
export type Outcome<T> = { ok: T } | { error: { status: number; code: string; message: string } };

export const fail = (status: number, code: string, message: string): Outcome<never> => ({ error: { status, code, message } });

/** Turns a runner's outcome back into its result, or the ServeError the client gets. */
export function unwrap<T>(out: unknown): T {
  const o = out as Outcome<T> | null;
  if (o && typeof o === "object" && "error" in o) throw new ServeError(o.error.status, o.error.code, o.error.message);
  if (!o || typeof o !== "object" || !("ok" in o)) throw new ServeError(500, "INTERNAL", "the model's runner returned no result");
  return o.ok;
}

/** Text longer than the model's context: "truncate" keeps what fits, "error" answers 413. */
export type Truncation = "truncate" | "error";

/** The truncation a model is served with: `spec.metadata["serve.truncation"]`, default "truncate" for encoders. */
export function defaultTruncation(spec: ModelSpec, fallback: Truncation): Truncation {
  const t = spec.metadata?.["serve.truncation"];
  return t === "truncate" || t === "error" ? t : fallback;
}

/** The tokenizer logged with a text model; a clear error when the folder has none. */
export function requireTokenizer(task: string, spec: ModelSpec, dir: string): Tokenizer {
  const tok = readModelTokenizer(dir, spec);
  if (!tok) throw new Error(`serve ${task}: the model ${spec.className} in ${dir} has no tokenizer; log it with lw.track.logModel(model, "model", { task: "${task}", tokenizer })`);
  return tok;
}

/** The model's class must have the head the task needs. */
export function requireModel<M>(task: string, model: unknown, check: (m: unknown) => m is M, want: string): M {
  if (!check(model)) throw new Error(`serve ${task}: expected a ${want}, got ${(model as object)?.constructor?.name ?? typeof model}`);
  return model;
}

/** A text's token count against the context; the outcome error when it does not fit and truncation is "error". */
export function contextError(tok: Tokenizer, text: string, maxLength: number, truncation: Truncation): Outcome<never> | null {
  if (truncation === "truncate") return null;
  const n = tok.encode(text, { allowedSpecial: "all" }).ids.length;
  return n > maxLength ? fail(413, "CONTEXT_LENGTH_EXCEEDED", `the text has ${n} tokens, more than the model's context of ${maxLength}; send a shorter text or parameters.truncation: "truncate"`) : null;
}

/** The body every text task takes on /predict: one text or a list, and the task's parameters. */
export interface TextRequest<P> { inputs: string | string[]; parameters?: P }

/** JSON schema of a TextRequest body with the given parameter properties. */
export function textRequestSchema(parameters: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "object", required: ["inputs"], additionalProperties: false,
    properties: {
      inputs: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 1, maxItems: 256 }] },
      parameters: { type: "object", additionalProperties: false, properties: { ...parameters, truncation: { enum: ["truncate", "error"] } } },
    },
  };
}

/** Runs each text of a request as its own input (the batcher gathers inputs across requests); one result or a list back. */
export async function inferTexts<P, R>(ctx: TaskContext, req: FastifyRequest, model: string, body: TextRequest<P>): Promise<R | R[]> {
  const texts = typeof body.inputs === "string" ? [body.inputs] : body.inputs;
  const version = (req.query as { version?: string } | undefined)?.version;
  const outs = await Promise.all(texts.map((text) => ctx.infer(model, { text, parameters: body.parameters ?? {} }, { version })));
  const results = outs.map((o) => unwrap<R>(o));
  return typeof body.inputs === "string" ? results[0] : results;
}

/** One input as the runner gets it. */
export interface TextInput<P> { text: string; parameters: P & { truncation?: Truncation } }

/** Checks a runner input's shape (it came through the batcher from a validated route, but runners are also called directly). */
export function checkTextInput<P>(task: string, input: unknown, i: number): TextInput<P> {
  const o = input as TextInput<P> | null;
  if (!o || typeof o !== "object" || typeof o.text !== "string") throw new TypeError(`serve ${task}: input ${i} must be { text: string, parameters? }, got ${JSON.stringify(input)?.slice(0, 80)}`);
  return { text: o.text, parameters: (o.parameters ?? {}) as TextInput<P>["parameters"] };
}

/** The model route's name parameter. */
export const modelParam = (req: FastifyRequest): string => (req.params as { model: string }).model;
