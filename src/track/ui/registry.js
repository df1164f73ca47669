// Model registry view: every registered model with its aliases, tags and versions (source, run, status).
import { api } from "./api.js";
import { esc, fmtTime } from "./util.js";

export async function renderRegistry() {
  const box = document.getElementById("registry");
  const { models } = await api.models();
  if (models.length === 0) { box.innerHTML = `<div class="card"><p class="muted">No registered models yet. Register one with <code>lw.track.registerModel(...)</code> or MLflow's <code>model-versions/create</code>.</p></div>`; return; }
  const details = await Promise.all(models.map((m) => api.model(m.name)));
  const tags = (t) => Object.entries(t).map(([k, v]) => `<span class="tag">${esc(k)}=${esc(v)}</span>`).join(" ");
  box.innerHTML = details.map(({ model, versions }) => `
    <div class="card model" data-model="${esc(model.name)}">
      <div class="card-head"><h3>${esc(model.name)}</h3>
        <span>${Object.entries(model.aliases).map(([a, v]) => `<span class="alias">@${esc(a)} → v${v}</span>`).join(" ")}</span></div>
      ${model.description ? `<p>${esc(model.description)}</p>` : ""}
      ${Object.keys(model.tags).length ? `<p>${tags(model.tags)}</p>` : ""}
      <table class="versions"><thead><tr><th>version</th><th>aliases</th><th>source</th><th>run</th><th>created</th><th>tags</th></tr></thead><tbody>
      ${[...versions].sort((a, b) => b.version - a.version).map((v) => `<tr><td>v${v.version}</td><td>${v.aliases.map((a) => `<span class="alias">@${esc(a)}</span>`).join(" ")}</td>
        <td class="mono">${esc(v.source)}</td><td class="mono">${v.runId ? esc(v.runId.slice(0, 8)) : "–"}</td><td class="muted">${fmtTime(v.creationTime)}</td><td>${tags(v.tags)}</td></tr>`).join("")}
      </tbody></table>
    </div>`).join("");
}
