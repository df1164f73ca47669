// Compare view: a params/metrics table of the viewed runs side by side (differing rows highlighted) and a
// parallel-coordinates plot of the hyper-parameters against a metric, drawn in SVG.
import { state, viewedRuns } from "./app.js";
import { esc, fmtNum, runColor } from "./util.js";

const $ = (id) => document.getElementById(id);
let wired = false;

export function renderCompare() {
  if (!wired) {
    wired = true;
    $("only-diff").addEventListener("change", () => renderCompare());
    $("pc-metric").addEventListener("change", () => renderParallel(viewedRuns()));
  }
  const runs = viewedRuns();
  $("compare-info").textContent = state.selected.size ? `Comparing ${runs.length} selected runs.` : `Comparing the first ${runs.length} runs of the table; select runs in the Runs tab to choose.`;
  const keys = state.metricKeys;
  const pick = $("pc-metric");
  const prev = pick.value;
  pick.innerHTML = keys.map((k) => `<option>${esc(k)}</option>`).join("");
  pick.value = keys.includes(prev) ? prev : keys.find((k) => /val.*loss|loss/i.test(k)) ?? keys[0] ?? "";
  renderDiff(runs);
  renderParallel(runs);
}

function renderDiff(runs) {
  const onlyDiff = $("only-diff").checked;
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.data.params)))].sort();
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.data.metrics)))].sort();
  const row = (label, cells) => {
    const differs = new Set(cells).size > 1;
    if (onlyDiff && !differs) return "";
    return `<tr class="${differs ? "differs" : ""}"><th>${esc(label)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`;
  };
  const head = `<tr><th></th>${runs.map((r) => `<th><span class="swatch" style="background:${runColor(r.info.runId)}"></span>${esc(r.info.runName)}</th>`).join("")}</tr>`;
  const section = (title) => `<tr class="section"><th colspan="${runs.length + 1}">${title}</th></tr>`;
  $("diff-table").innerHTML = `<thead>${head}</thead><tbody>`
    + row("status", runs.map((r) => r.info.status.toLowerCase()))
    + section("params") + paramKeys.map((k) => row(k, runs.map((r) => r.data.params[k] ?? "–"))).join("")
    + section("metrics (latest)") + metricKeys.map((k) => row(k, runs.map((r) => fmtNum(r.data.metrics[k]?.value ?? null)))).join("")
    + `</tbody>`;
}

/** One axis: numeric (linear, or log when positive and spanning 100x) or categorical. */
function makeAxis(name, values) {
  const present = values.filter((v) => v !== undefined && v !== null && v !== "");
  const nums = present.map(Number);
  if (present.length > 0 && nums.every(Number.isFinite)) {
    let lo = Math.min(...nums), hi = Math.max(...nums);
    const log = lo > 0 && hi / lo >= 100;
    const f = log ? Math.log10 : (v) => v;
    const a = f(lo), b = f(hi);
    const pos = (v) => (v === undefined || v === null || v === "" ? null : b === a ? 0.5 : (f(Number(v)) - a) / (b - a));
    return { name, pos, ticks: [...new Set([lo, hi, ...(log ? [] : [(lo + hi) / 2])])].map((v) => ({ v: fmtNum(v), p: pos(v) })), log };
  }
  const cats = [...new Set(present.map(String))].sort();
  const pos = (v) => (v === undefined || v === null || v === "" ? null : cats.length === 1 ? 0.5 : cats.indexOf(String(v)) / (cats.length - 1));
  return { name, pos, ticks: cats.slice(0, 12).map((c) => ({ v: c, p: pos(c) })), log: false };
}

/** Blue → teal → yellow (viridis-like) for t in [0, 1]. */
function ramp(t) {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1), i = Math.min(Math.floor(x), stops.length - 2), f = x - i;
  const c = stops[i].map((s, j) => Math.round(s + (stops[i + 1][j] - s) * f));
  return `rgb(${c.join(",")})`;
}

function renderParallel(runs) {
  const box = $("parallel");
  const metric = $("pc-metric").value;
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.data.params)))].sort()
    .filter((k) => new Set(runs.map((r) => r.data.params[k])).size > 1 || runs.length === 1);
  if (!metric || runs.length === 0) { box.innerHTML = `<p class="muted">Nothing to plot yet.</p>`; return; }
  const axes = paramKeys.map((k) => makeAxis(k, runs.map((r) => r.data.params[k])));
  const metricAxis = makeAxis(metric, runs.map((r) => r.data.metrics[metric]?.value));
  axes.push(metricAxis);
  const W = Math.max(box.clientWidth || 900, 480), H = 300, top = 34, bottom = 24, left = 60, right = 70;
  const xAt = (i) => (axes.length === 1 ? W / 2 : left + (i * (W - left - right)) / (axes.length - 1));
  const yAt = (p) => top + (1 - p) * (H - top - bottom);
  const mvals = runs.map((r) => r.data.metrics[metric]?.value).filter(Number.isFinite);
  const mlo = Math.min(...mvals), mhi = Math.max(...mvals);
  const lines = runs.map((r) => {
    const vals = [...paramKeys.map((k) => r.data.params[k]), r.data.metrics[metric]?.value];
    const pts = axes.map((a, i) => { const p = a.pos(vals[i]); return p === null ? null : `${xAt(i).toFixed(1)},${yAt(p).toFixed(1)}`; });
    const m = r.data.metrics[metric]?.value;
    const color = Number.isFinite(m) ? ramp(mhi === mlo ? 0.5 : (m - mlo) / (mhi - mlo)) : "#bbb";
    const d = pts.map((p, i) => (p === null ? "" : `${i === 0 || pts[i - 1] === null ? "M" : "L"}${p}`)).join("");
    return `<path d="${d}" stroke="${color}" class="pc-line"><title>${esc(r.info.runName)}: ${esc(metric)} = ${fmtNum(m ?? null)}</title></path>`;
  });
  const axisSvg = axes.map((a, i) => {
    const x = xAt(i);
    const ticks = a.ticks.filter((t) => t.p !== null).map((t) => `<line x1="${x - 4}" x2="${x}" y1="${yAt(t.p)}" y2="${yAt(t.p)}" class="pc-tick"/><text x="${x - 7}" y="${yAt(t.p) + 4}" text-anchor="end" class="pc-ticklabel">${esc(t.v)}</text>`).join("");
    return `<g><line x1="${x}" x2="${x}" y1="${top}" y2="${H - bottom}" class="pc-axis"/>${ticks}<text x="${x}" y="${top - 14}" text-anchor="middle" class="pc-name ${i === axes.length - 1 ? "pc-metric" : ""}">${esc(a.name)}${a.log ? " (log)" : ""}</text></g>`;
  }).join("");
  box.innerHTML = `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="parallel coordinates of params against ${esc(metric)}">${lines.join("")}${axisSvg}</svg>`;
}
