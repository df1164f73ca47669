// Run detail panel: info, params, latest metrics, tags and the run's artefacts (images shown inline).
import { api } from "./api.js";
import { esc, fmtDuration, fmtNum, fmtTime, runColor } from "./util.js";

const IMAGE = /\.(png|jpe?g|gif|svg|webp)$/i;

async function artifactTree(runId, path = "") {
  const { files } = await api.artifacts(runId, path);
  const items = await Promise.all(files.map(async (f) => {
    if (f.isDir) return `<li class="dir">${esc(f.path.split("/").pop())}/<ul>${await artifactTree(runId, f.path)}</ul></li>`;
    const url = api.artifactUrl(runId, f.path);
    const img = IMAGE.test(f.path) ? `<a href="${url}" target="_blank"><img src="${url}" alt="${esc(f.path)}" loading="lazy"></a>` : "";
    return `<li><a href="${url}" target="_blank">${esc(f.path.split("/").pop())}</a> <span class="muted small">${f.size ?? ""} B</span>${img}</li>`;
  }));
  return items.join("");
}

const kv = (rec, fmt = (v) => esc(v)) => Object.keys(rec).sort().map((k) => `<tr><th>${esc(k)}</th><td>${fmt(rec[k])}</td></tr>`).join("") || `<tr><td class="muted">none</td></tr>`;

export async function renderRunDetail(box, runId) {
  const { info, data } = await api.run(runId);
  box.hidden = false;
  box.innerHTML = `<div class="detail-head"><span class="swatch" style="background:${runColor(runId)}"></span><h2>${esc(info.runName)}</h2><button class="ghost close">✕</button></div>
    <p class="muted small mono">${esc(runId)}</p>
    <p><span class="status s-${esc(info.status)}">${esc(info.status.toLowerCase())}</span> started ${fmtTime(info.startTime)} · ${info.endTime ? fmtDuration(info.endTime - info.startTime) : "running"}</p>
    <h3>Params</h3><table class="kv">${kv(data.params)}</table>
    <h3>Metrics</h3><table class="kv">${kv(data.metrics, (m) => `${fmtNum(m.value)} <span class="muted small">@ step ${m.step}</span>`)}</table>
    <h3>Tags</h3><table class="kv">${kv(data.tags)}</table>
    <h3>Artefacts</h3><ul class="artifacts">${await artifactTree(runId)}</ul>`;
  box.querySelector(".close").addEventListener("click", () => { box.hidden = true; });
}
