/** @file Request limits: bearer API keys (checked in constant time), the per-key rate limit (@fastify/rate-limit) and the inference timeout. */
import { timingSafeEqual, createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import rateLimit from "@fastify/rate-limit";
import { ServeError } from "./task.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** The bearer token of a request, or null. */
export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== "string") return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

/** Whether `token` is one of `keys` (compares digests, so timing does not leak a key's prefix). */
export function isKnownKey(token: string, keys: readonly string[]): boolean {
  const d = digest(token);
  let ok = false;
  for (const k of keys) ok = timingSafeEqual(d, digest(k)) || ok;
  return ok;
}

/** Paths that need neither a key nor count against the rate limit. */
export const isOpenPath = (url: string): boolean => url.startsWith("/health/") || url === "/metrics" || url.startsWith("/docs");

/** Requires `Authorization: Bearer <key>` on every non-open path when keys are given. */
export function installApiKeys(app: FastifyInstance, keys: readonly string[]): void {
  if (keys.length === 0) return;
  app.addHook("onRequest", async (req) => {
    if (isOpenPath(req.url)) return;
    const token = bearerToken(req);
    if (!token) throw new ServeError(401, "UNAUTHORIZED", "this server needs an API key: send Authorization: Bearer <key>", { "www-authenticate": "Bearer" });
    if (!isKnownKey(token, keys)) throw new ServeError(401, "UNAUTHORIZED", "the API key is not valid", { "www-authenticate": "Bearer" });
  });
}

export interface RateLimitOptions { max: number; timeWindowMs: number }

/** At most `max` requests per `timeWindowMs` per API key (per client address without keys); 429 with Retry-After beyond. */
export async function installRateLimit(app: FastifyInstance, opts: RateLimitOptions | null): Promise<void> {
  if (!opts) return;
  await app.register(rateLimit, {
    global: true, max: opts.max, timeWindow: opts.timeWindowMs,
    allowList: (req) => isOpenPath(req.url),
    keyGenerator: (req) => { const t = bearerToken(req); return t ? `key:${digest(t).toString("hex")}` : `ip:${req.ip}`; },
    errorResponseBuilder: (_req, ctx) => {
      const err = new ServeError(429, "RATE_LIMITED", `rate limit of ${ctx.max} requests per ${ctx.after} exceeded`, { "retry-after": String(Math.max(1, Math.ceil(ctx.ttl / 1000))) });
      (err as unknown as { statusCode: number }).statusCode = 429;
      return err;
    },
  });
}

/** Rejects with a 504 ServeError after `ms` (and aborts `controller`), unless `p` settles first. */
export function withTimeout<T>(p: Promise<T>, ms: number, controller: AbortController): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return p;
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { controller.abort(); reject(new ServeError(504, "INFERENCE_TIMEOUT", `the model did not answer within ${ms} ms`)); }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
