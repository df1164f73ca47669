// The dashboard's calls of the REST API (/api/v1); every error body is MLflow's { error_code, message }.

async function call(path, init) {
  const res = await fetch(path, init);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body?.message ?? `${res.status} ${path}`);
  return body;
}

const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "")).toString();

export const api = {
  experiments: () => call("/api/v1/experiments"),
  runs: (p) => call(`/api/v1/runs?${qs(p)}`),
  run: (id) => call(`/api/v1/runs/${encodeURIComponent(id)}`),
  keys: (experimentIds) => call(`/api/v1/keys?${qs({ experimentIds })}`),
  series: (body) => call("/api/v1/series", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  artifacts: (id, path) => call(`/api/v1/runs/${encodeURIComponent(id)}/artifacts?${qs({ path })}`),
  artifactUrl: (id, path) => `/api/v1/runs/${encodeURIComponent(id)}/artifact?${qs({ path })}`,
  models: () => call("/api/v1/models"),
  model: (name) => call(`/api/v1/models/${encodeURIComponent(name)}`),
};
