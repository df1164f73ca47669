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
 * Takes and returns a Float64Array (weight 0 returns `values` itself).
 */
export function smoothEma(values, weight) {
  if (weight <= 0) return values;
  const out = new Float64Array(values.length);
  let last = 0, debias = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) { out[i] = v; continue; }
    last = last * weight + (1 - weight) * v;
    debias *= weight; // weight^n, kept as a running product instead of Math.pow per point
    out[i] = weight === 1 ? last : last / (1 - debias);
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

/**
 * Fetches the series of every chart and draws them. With `live`, only the runs that are (or were, at the last
 * fetch) RUNNING are asked for again and merged in; the plots keep the user's zoom (setData, no rebuild).
 */
export async function refreshCharts({ live = false } = {}) {
  const runs = viewedRuns();
  const t0 = performance.now();
  const method = $("method").value;
  const xTime = $("x-axis").value !== "step";
  let fetchMs = 0;
  await Promise.all([...charts].map(async ([key, c]) => {
    const ids = runs.map((r) => r.info.runId);
    const sameRuns = live && c.data && c.data.runs.length === runs.length && c.data.runs.every((r, i) => r.info.runId === ids[i]);
    const ask = sameRuns ? runs.filter((r, i) => r.info.status === "RUNNING" || c.data.runs[i].info.status === "RUNNING").map((r) => r.info.runId) : ids;
    if (ask.length === 0) return;
    const tf = performance.now();
    const res = await api.series({ runIds: ask, key, maxPoints: pointsFor(c.card, ask.length), method, x: xTime ? "time" : "step" });
    fetchMs = Math.max(fetchMs, performance.now() - tf);
    if (sameRuns) {
      const fresh = new Map(res.series.map((s) => [s.runId, s]));
      c.data = { runs, series: c.data.series.map((s) => fresh.get(s.runId) ?? s) };
      draw(key, c, { keepView: true });
    } else {
      c.data = { runs, series: res.series };
      draw(key, c);
    }
  }));
  const chartMs = performance.now() - t0;
  window.__lwTimings = { ...(window.__lwTimings ?? {}), chartMs, chartFetchMs: fetchMs, chartDrawMs: chartMs - fetchMs };
}

/**
 * Points asked per series: about one per CSS pixel of the plot (more cannot be seen), at most 1000; with many runs
 * fewer (100 overlapping curves of 1000 points cost the canvas 100k segments and look the same at half).
 */
function pointsFor(card, nRuns) {
  const px = Math.max(card.clientWidth - 80, 200);
  return Math.min(1000, Math.round(nRuns > 20 ? px / 2 : px));
}

function redrawAll() { for (const [key, c] of charts) if (c.data) draw(key, c, { keepView: true }); }

function xOf(s, run, mode) {
  if (mode === "step") return s.step;
  const t0 = mode === "wall" ? 0 : run.info.startTime;
  const x = new Float64Array(s.timestamp.length);
  for (let i = 0; i < x.length; i++) x[i] = (s.timestamp[i] - t0) / 1000;
  return x;
}

/** Builds uPlot's mode-2 data ([null, [x, y], ...]), the series options and the data ranges. */
function build(c, mode, logY, weight) {
  const { runs, series } = c.data;
  const runOf = new Map(runs.map((r) => [r.info.runId, r]));
  const showRaw = weight > 0 && series.length <= 10;
  const data = [null], opts = [{}], lines = [];
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  const paths = uPlot.paths.linear();
  for (const s of series) {
    if (s.step.length === 0) continue;
    const run = runOf.get(s.runId);
    if (!run) continue;
    const x = xOf(s, run, mode);
    let clean = s.value;
    if (logY) { clean = new Float64Array(s.value); for (let i = 0; i < clean.length; i++) if (!(clean[i] > 0)) clean[i] = NaN; }
    const y = smoothEma(clean, weight);
    if (x[0] < xmin) xmin = x[0]; // x is sorted (steps, or timestamps in step order)
    if (x[x.length - 1] > xmax) xmax = x[x.length - 1];
    for (let i = 0; i < clean.length; i++) { const v = clean[i]; if (v < ymin) ymin = v; if (v > ymax && v !== Infinity) ymax = v; }
    const color = runColor(s.runId);
    const base = { facets: [{ scale: "x", auto: true }, { scale: "y", auto: true }], paths, points: { show: false }, spanGaps: true };
    if (showRaw) { data.push([x, clean]); opts.push({ ...base, label: `${run.info.runName} (raw)`, stroke: `${color}22`, width: 1 }); }
    data.push([x, y]);
    opts.push({ ...base, label: run.info.runName || s.runId.slice(0, 8), stroke: color, width: 1.5 });
    lines.push({ run, x, y, index: data.length - 1 });
  }
  if (xmin === xmax) { xmin -= 1; xmax += 1; }
  if (!(ymin <= ymax) || ymin === -Infinity) { ymin = logY ? 0.1 : 0; ymax = 1; }
  const pad = logY ? 0 : (ymax - ymin) * 0.05 || Math.abs(ymax) * 0.05 || 1;
  const yRange = logY ? [ymin / 1.2, ymax * 1.2] : [ymin - pad, ymax + pad];
  return { data, opts, lines, xRange: [xmin, xmax], yRange, points: lines.reduce((n, l) => n + l.x.length, 0) };
}

/**
 * Draws chart `c`. With `keepView` and a plot of the same shape (same series, x mode and log setting) the plot
 * keeps its zoom and only gets the new data (live refresh, smoothing); otherwise it is rebuilt.
 */
function draw(key, c, { keepView = false } = {}) {
  const mode = $("x-axis").value, logY = $("log-y").checked, weight = Number($("smoothing").value);
  const b = build(c, mode, logY, weight);
  const shape = `${mode}|${logY}|${b.opts.map((o) => o.label).join("\u0000")}`;
  c.lines = b.lines;
  c.card.dataset.series = String(b.lines.length);
  c.card.dataset.points = String(b.points);
  c.ranges = b;
  if (keepView && c.plot && c.shape === shape) {
    ownScale(c, () => {
      c.plot.setData(b.data, false);
      if (!c.zoomed) c.plot.setScale("x", { min: b.xRange[0], max: b.xRange[1] });
      c.plot.setScale("y", { min: b.yRange[0], max: b.yRange[1] });
    });
    showRange(c);
    return;
  }
  c.shape = shape;
  c.zoomed = false;
  const plotDiv = c.card.querySelector(".plot");
  c.plot?.destroy();
  c.plot = null;
  if (b.lines.length === 0) { plotDiv.innerHTML = `<p class="muted empty">No points of ${esc(key)} in these runs.</p>`; return; }
  plotDiv.innerHTML = "";
  const readout = c.card.querySelector(".readout");
  c.ownScale = true;
  c.plot = new uPlot({
    mode: 2, ...sizeOf(c.card),
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: true }, points: { show: false } },
    scales: {
      x: { time: mode === "wall", auto: false, range: (u, min, max) => (min == null || !Number.isFinite(min) ? c.ranges.xRange : [min, max]) },
      y: logY ? { distr: 3, log: 10, auto: false, range: () => c.ranges.yRange } : { auto: false, range: () => c.ranges.yRange },
    },
    axes: [
      { stroke: "#5b6472", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#dfe3e8" }, label: mode === "step" ? "step" : mode === "relative" ? "seconds since start" : "" , labelSize: 18, labelFont: "12px system-ui", font: "11px system-ui" },
      { stroke: "#5b6472", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#dfe3e8" }, font: "11px system-ui", size: 56, values: (u, vals) => vals.map(fmtNum) },
    ],
    series: b.opts,
    hooks: {
      // the user zoomed x (drag) or reset it (double-click): remember it so live refreshes keep the view
      setScale: [(u, scaleKey) => {
        if (scaleKey !== "x") return;
        if (!c.ownScale) c.zoomed = u.scales.x.min > c.ranges.xRange[0] || u.scales.x.max < c.ranges.xRange[1];
        showRange(c);
      }],
      setCursor: [(u) => {
        const left = u.cursor.left;
        if (left == null || left < 0) { readout.textContent = ""; return; }
        const xv = u.posToVal(left, "x");
        const near = c.lines.map((l) => { const i = nearest(l.x, xv); return { l, i }; }).filter((o) => o.i >= 0 && Number.isFinite(o.l.y[o.i]))
          .sort((a, b) => b.l.y[b.i] - a.l.y[a.i]).slice(0, 6);
        readout.innerHTML = `${mode === "step" ? "step " + Math.round(xv) : fmtNum(xv) + " s"} · ` + near.map(({ l, i }) => `<span style="color:${runColor(l.run.info.runId)}">●</span> ${esc(l.run.info.runName)} ${fmtNum(l.y[i])}`).join(" · ");
      }],
    },
  }, b.data, plotDiv);
  c.ownScale = false;
  // double-click resets uPlot's zoom to the whole (grown) x range: from then on live refreshes follow the runs again
  c.plot.over.addEventListener("dblclick", () => { c.zoomed = false; ownScale(c, () => c.plot.setScale("x", { min: c.ranges.xRange[0], max: c.ranges.xRange[1] })); showRange(c); });
  showRange(c);
}

/** Runs `f` (which sets scales) without taking its scale changes for the user's zoom. */
function ownScale(c, f) {
  c.ownScale = true;
  try { f(); } finally { c.ownScale = false; }
}

/** The x range shown, on the card (data-x-min / data-x-max), for tests and the benchmark. */
function showRange(c) {
  const sc = c.plot?.scales.x;
  if (!sc) return;
  c.card.dataset.xMin = String(sc.min);
  c.card.dataset.xMax = String(sc.max);
  c.card.dataset.zoomed = c.zoomed ? "1" : "0";
}

/** Index of the x closest to `v` in the sorted array `xs` (-1 when empty). */
function nearest(xs, v) {
  let lo = 0, hi = xs.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (xs[mid] < v) lo = mid + 1; else hi = mid; }
  return lo > 0 && Math.abs(xs[lo - 1] - v) < Math.abs(xs[lo] - v) ? lo - 1 : lo;
}
