// Metric charts: one uPlot per metric key, many runs on each (server-downsampled series), TensorBoard's
// debiased-EMA smoothing, log-y, x = step / relative time / wall time, and a hover read-out.
import { api } from "./api.js";
import { state, viewedRuns } from "./app.js";
import { el, esc, fmtNum, runColor } from "./util.js";

const $ = (id) => document.getElementById(id);
const charts = new Map(); // key → { plot, card }
const chosenKeys = new Set();
let wired = false;

/**
 * TensorBoard's smoothing: an exponential moving average debiased like Adam's moments
 * (divided by 1 - w^n), so the first points are not pulled toward 0. Non-finite values pass through.
 */
export function smoothEma(values, weight) {
  if (weight <= 0) return values;
  const out = new Array(values.length);
  let last = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) { out[i] = v; continue; }
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = weight === 1 ? last : last / (1 - Math.pow(weight, n));
  }
  return out;
}

function defaultKeys() {
  const keys = state.metricKeys;
  const preferred = keys.filter((k) => /loss|acc|f1|auc|perplex/i.test(k) && !/^system\//.test(k));
  return (preferred.length ? preferred : keys).slice(0, 4);
}

function renderKeyList() {
  if (chosenKeys.size === 0 || ![...chosenKeys].every((k) => state.metricKeys.includes(k))) {
    chosenKeys.clear();
    const fromUrl = new URLSearchParams(location.search).get("metrics");
    for (const k of fromUrl ? fromUrl.split(",").filter((k) => state.metricKeys.includes(k)) : defaultKeys()) chosenKeys.add(k);
  }
  $("metric-keys").innerHTML = state.metricKeys.map((k) => `<label><input type="checkbox" value="${esc(k)}" ${chosenKeys.has(k) ? "checked" : ""}> ${esc(k)}</label>`).join("")
    || `<p class="muted small">No metrics logged yet.</p>`;
}

function wireControls() {
  if (wired) return;
  wired = true;
  $("metric-keys").addEventListener("change", (e) => { e.target.checked ? chosenKeys.add(e.target.value) : chosenKeys.delete(e.target.value); renderCharts(); });
  $("smoothing").addEventListener("input", (e) => { $("smoothing-out").textContent = Number(e.target.value).toFixed(2); redrawAll(); });
  for (const id of ["log-y", "x-axis"]) $(id).addEventListener("change", () => redrawAll());
  $("method").addEventListener("change", () => renderCharts());
  window.addEventListener("resize", () => { for (const c of charts.values()) c.plot?.setSize(sizeOf(c.card)); });
}

const sizeOf = (card) => ({ width: Math.max(card.clientWidth - 24, 200), height: 260 });

/** (Re)builds the chart grid for the chosen keys and the viewed runs. */
export async function renderCharts() {
  wireControls();
  renderKeyList();
  const runs = viewedRuns();
  $("chart-runs-info").textContent = state.selected.size ? `${runs.length} selected` : `the first ${runs.length} of the table (select runs to choose)`;
  $("chart-legend").innerHTML = runs.slice(0, 30).map((r) => `<li><span class="swatch" style="background:${runColor(r.info.runId)}"></span>${esc(r.info.runName)}</li>`).join("")
    + (runs.length > 30 ? `<li class="muted">… ${runs.length - 30} more</li>` : "");
  const grid = $("charts");
  for (const c of charts.values()) c.plot?.destroy();
  charts.clear();
  grid.innerHTML = "";
  for (const key of chosenKeys) {
    const card = el("div", { class: "card chart-card", "data-key": key }, el("div", { class: "card-head" }, el("h3", {}, key), el("span", { class: "muted small readout" })), el("div", { class: "plot" }));
    grid.append(card);
    charts.set(key, { card, data: null, plot: null });
  }
  await refreshCharts();
}

/** Fetches the series of every chart again (live refresh) and redraws. */
export async function refreshCharts() {
  const runs = viewedRuns();
  const t0 = performance.now();
  const method = $("method").value;
  const xTime = $("x-axis").value !== "step";
  await Promise.all([...charts].map(async ([key, c]) => {
    const res = await api.series({ runIds: runs.map((r) => r.info.runId), key, maxPoints: 1000, method, x: xTime ? "time" : "step" });
    c.data = { runs, series: res.series };
    draw(key, c);
  }));
  window.__lwTimings = { ...(window.__lwTimings ?? {}), chartMs: performance.now() - t0 };
}

function redrawAll() { for (const [key, c] of charts) if (c.data) draw(key, c); }

function xOf(s, run, mode) {
  if (mode === "step") return s.step;
  if (mode === "wall") return s.timestamp.map((t) => t / 1000);
  const t0 = run.info.startTime;
  return s.timestamp.map((t) => (t - t0) / 1000);
}

function draw(key, c) {
  const mode = $("x-axis").value, logY = $("log-y").checked, weight = Number($("smoothing").value);
  const { runs, series } = c.data;
  const runOf = new Map(runs.map((r) => [r.info.runId, r]));
  const showRaw = weight > 0 && series.length <= 10;
  const data = [null], opts = [{}], lines = [];
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const s of series) {
    if (s.step.length === 0) continue;
    const run = runOf.get(s.runId);
    const x = xOf(s, run, mode);
    const clean = logY ? s.value.map((v) => (v !== null && v > 0 ? v : null)) : s.value;
    const y = smoothEma(clean, weight);
    for (let i = 0; i < x.length; i++) {
      if (x[i] < xmin) xmin = x[i];
      if (x[i] > xmax) xmax = x[i];
      const v = clean[i];
      if (v !== null && Number.isFinite(v)) { if (v < ymin) ymin = v; if (v > ymax) ymax = v; }
    }
    const color = runColor(s.runId);
    const base = { facets: [{ scale: "x", auto: true }, { scale: "y", auto: true }], paths: uPlot.paths.linear(), points: { show: false }, spanGaps: true };
    if (showRaw) { data.push([x, clean]); opts.push({ ...base, label: `${run.info.runName} (raw)`, stroke: `${color}22`, width: 1 }); }
    data.push([x, y]);
    opts.push({ ...base, label: run.info.runName || s.runId.slice(0, 8), stroke: color, width: 1.8 });
    lines.push({ run, x, y, index: data.length - 1 });
  }
  c.card.dataset.series = String(lines.length);
  const plotDiv = c.card.querySelector(".plot");
  c.plot?.destroy();
  c.plot = null;
  if (lines.length === 0) { plotDiv.innerHTML = `<p class="muted empty">No points of ${esc(key)} in these runs.</p>`; return; }
  plotDiv.innerHTML = "";
  if (xmin === xmax) { xmin -= 1; xmax += 1; }
  if (!(ymin <= ymax)) { ymin = logY ? 0.1 : 0; ymax = 1; }
  const pad = logY ? 0 : (ymax - ymin) * 0.05 || Math.abs(ymax) * 0.05 || 1;
  const yRange = logY ? [ymin / 1.2, ymax * 1.2] : [ymin - pad, ymax + pad];
  const readout = c.card.querySelector(".readout");
  c.plot = new uPlot({
    mode: 2, ...sizeOf(c.card),
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: true }, points: { show: false } },
    scales: {
      x: { time: mode === "wall", auto: false, range: (u, min, max) => (min == null || !Number.isFinite(min) ? [xmin, xmax] : [min, max]) },
      y: logY ? { distr: 3, log: 10, auto: false, range: () => yRange } : { auto: false, range: () => yRange },
    },
    axes: [
      { stroke: "#5b6472", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#dfe3e8" }, label: mode === "step" ? "step" : mode === "relative" ? "seconds since start" : "" , labelSize: 18, labelFont: "12px system-ui", font: "11px system-ui" },
      { stroke: "#5b6472", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#dfe3e8" }, font: "11px system-ui", size: 56, values: (u, vals) => vals.map(fmtNum) },
    ],
    series: opts,
    hooks: {
      setCursor: [(u) => {
        const left = u.cursor.left;
        if (left == null || left < 0) { readout.textContent = ""; return; }
        const xv = u.posToVal(left, "x");
        const near = lines.map((l) => { const i = nearest(l.x, xv); return { l, i }; }).filter((o) => o.i >= 0 && o.l.y[o.i] !== null)
          .sort((a, b) => b.l.y[b.i] - a.l.y[a.i]).slice(0, 6);
        readout.innerHTML = `${mode === "step" ? "step " + Math.round(xv) : fmtNum(xv) + " s"} · ` + near.map(({ l, i }) => `<span style="color:${runColor(l.run.info.runId)}">●</span> ${esc(l.run.info.runName)} ${fmtNum(l.y[i])}`).join(" · ");
      }],
    },
  }, data, plotDiv);
}

/** Index of the x closest to `v` in the sorted array `xs` (-1 when empty). */
function nearest(xs, v) {
  let lo = 0, hi = xs.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (xs[mid] < v) lo = mid + 1; else hi = mid; }
  return lo > 0 && Math.abs(xs[lo - 1] - v) < Math.abs(xs[lo] - v) ? lo - 1 : lo;
}
