// The dashboard's calls of the REST API (/api/v1); every error body is MLflow's { error_code, message }.

async function call(path, init) {
  const res = await fetch(path, init);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body?.message ?? `${res.status} ${path}`);
  return body;
}

/**
 * POST /api/v1/series in the binary format (Float64 columns: no number printing or parsing). The columns stay
 * Float64Array views of the response (no copy, NaN/±Inf kept; uPlot and the smoothing read them as they are).
 * `finite` says whether every value is finite. Layout: see src/track/server/series.ts.
 */
async function fetchSeries(body) {
  const res = await fetch("/api/v1/series", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, format: "binary" }) });
  if (!res.ok) throw new Error((await res.json()).message);
  const buffer = await res.arrayBuffer();
  const bytes = new Uint8Array(buffer);
  const h = new DataView(buffer).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + h)));
  let at = Math.ceil((8 + h) / 8) * 8;
  const take = (n) => { const a = new Float64Array(buffer, at, n); at += n * 8; return a; };
  const series = header.series.map((s) => {
    const step = take(s.n), value = take(s.n), timestamp = take(s.n);
    let finite = true;
    for (let i = 0; i < value.length && finite; i++) finite = Number.isFinite(value[i]);
    return { runId: s.runId, total: s.total, step, value, timestamp, finite };
  });
  return { ...header, series };
}

const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "")).toString();

export const api = {
  experiments: () => call("/api/v1/experiments"),
  runs: (p) => call(`/api/v1/runs?${qs(p)}`),
  run: (id) => call(`/api/v1/runs/${encodeURIComponent(id)}`),
  keys: (experimentIds) => call(`/api/v1/keys?${qs({ experimentIds })}`),
  series: (body) => fetchSeries(body),
  artifacts: (id, path) => call(`/api/v1/runs/${encodeURIComponent(id)}/artifacts?${qs({ path })}`),
  artifactUrl: (id, path) => `/api/v1/runs/${encodeURIComponent(id)}/artifact?${qs({ path })}`,
  models: () => call("/api/v1/models"),
  model: (name) => call(`/api/v1/models/${encodeURIComponent(name)}`),
};
