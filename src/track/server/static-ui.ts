/**
 * @file Serves the dashboard page (src/track/ui/*) and uPlot from node_modules. Only files listed at
 * start-up are served, by exact name: no request path ever reaches the file system.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

/** Content types by file extension (page files and artefacts). */
export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
  ".svg": "image/svg+xml", ".webp": "image/webp", ".txt": "text/plain; charset=utf-8", ".log": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8", ".csv": "text/plain; charset=utf-8", ".yaml": "text/plain; charset=utf-8", ".yml": "text/plain; charset=utf-8",
};

export const contentTypeOf = (path: string): string => CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";

const UI_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "ui");

function loadFiles(): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(UI_DIR)) {
    if (/^[\w.-]+\.(html|js|css|svg)$/.test(name)) files.set(`/ui/${name}`, { body: readFileSync(join(UI_DIR, name)), type: contentTypeOf(name) });
  }
  const uplotDir = join(dirname(createRequire(import.meta.url).resolve("uplot/package.json")), "dist");
  for (const name of ["uPlot.iife.min.js", "uPlot.min.css"]) files.set(`/vendor/${name}`, { body: readFileSync(join(uplotDir, name)), type: contentTypeOf(name) });
  return files;
}

/** Registers `/` (the page), `/ui/<file>` and `/vendor/<uPlot file>`. */
export function registerStaticUi(app: FastifyInstance): void {
  const files = loadFiles();
  const index = files.get("/ui/index.html");
  if (!index) throw new Error(`createTrackingServer: the dashboard page ${join(UI_DIR, "index.html")} is missing`);
  const hide = { schema: { hide: true } };
  app.get("/", hide, (_req, reply) => reply.type(index.type).header("cache-control", "no-cache").send(index.body));
  for (const [url, file] of files) {
    app.get(url, hide, (_req, reply) => reply.type(file.type).header("cache-control", "no-cache").send(file.body));
  }
}
