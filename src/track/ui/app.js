// The dashboard's entry: shared state, tabs, the server-paged runs table, the run detail panel and live refresh.
import { api } from "./api.js";
import { esc, fmtDuration, fmtNum, fmtTime, quoteKey, runColor } from "./util.js";
import { renderCharts, refreshCharts } from "./charts.js";
import { renderCompare } from "./compare.js";
import { renderRegistry } from "./registry.js";
import { renderRunDetail } from "./detail.js";

/** Everything the views share. Runs seen on any page stay in runById so a selection survives paging. */
export const state = {
  experiments: [],
  experimentIds: [],
  page: [],
  runById: new Map(),
  selected: new Set(),
  orderBy: "attributes.start_time DESC",
  filter: "",
  pageSize: 100,
  pageTokens: [null],
  pageIndex: 0,
  nextPageToken: null,
  metricKeys: [],
  paramKeys: [],
  tab: "runs",
};

const $ = (id) => document.getElementById(id);

/** The runs the charts and the compare view show: the selection, else the first 10 rows of the table. */
export function viewedRuns() {
  if (state.selected.size > 0) return [...state.selected].map((id) => state.runById.get(id)).filter(Boolean);
  return state.page.slice(0, 10);
}

async function loadExperiments() {
  const { experiments } = await api.experiments();
  state.experiments = experiments.filter((e) => e.lifecycleStage === "active");
  const sel = $("experiment");
  sel.innerHTML = `<option value="">all experiments</option>` + state.experiments.map((e) => `<option value="${esc(e.experimentId)}">${esc(e.name)}</option>`).join("");
  const fromUrl = new URLSearchParams(location.search).get("experiment");
  const initial = state.experiments.find((e) => e.experimentId === fromUrl || e.name === fromUrl) ?? state.experiments.find((e) => e.name !== "Default") ?? state.experiments[0];
  sel.value = initial ? initial.experimentId : "";
  state.experimentIds = sel.value ? [sel.value] : [];
}

async function loadKeys() {
  const { metricKeys, paramKeys } = await api.keys(state.experimentIds.join(","));
  state.metricKeys = metricKeys;
  state.paramKeys = paramKeys;
  $("param-key").innerHTML = `<option value="">param…</option>` + paramKeys.map((k) => `<option>${esc(k)}</option>`).join("");
}

/** Loads the current page of runs (sorted and filtered by the server) and draws the table. */
export async function loadRuns() {
  const t0 = performance.now();
  await fetchRuns();
  renderRunsTable();
  const t = window.__lwTimings ?? {};
  window.__lwTimings = { ...t, runsTableMs: performance.now() - t0, runsTableAt: t.runsTableAt ?? performance.now() };
}

async function fetchRuns() {
  try {
    const res = await api.runs({ experimentIds: state.experimentIds.join(","), filter: state.filter, orderBy: state.orderBy, maxResults: state.pageSize, pageToken: state.pageTokens[state.pageIndex] });
    state.page = res.runs;
    state.nextPageToken = res.nextPageToken;
    for (const r of res.runs) state.runById.set(r.info.runId, r);
    $("runs-error").hidden = true;
  } catch (e) {
    $("runs-error").textContent = e.message;
    $("runs-error").hidden = false;
    state.page = [];
    state.nextPageToken = null;
  }
}

function sortIndicator(key) {
  const [k, dir] = state.orderBy.split(/ (?=ASC$|DESC$)/);
  return k === key ? (dir === "ASC" ? " ▲" : " ▼") : "";
}

function renderRunsTable() {
  const table = $("runs-table");
  const params = state.paramKeys, metrics = state.metricKeys;
  const th = (label, sortKey, cls = "") => `<th class="${cls}" data-sort="${esc(sortKey)}" title="sort by ${esc(label)}">${esc(label)}${sortIndicator(sortKey)}</th>`;
  const allChecked = state.page.length > 0 && state.page.every((r) => state.selected.has(r.info.runId));
  table.tHead.innerHTML = `<tr class="group"><th colspan="5"></th>${params.length ? `<th colspan="${params.length}" class="grp">params</th>` : ""}${metrics.length ? `<th colspan="${metrics.length}" class="grp">metrics (latest)</th>` : ""}</tr>`
    + `<tr><th class="sticky c0"><input type="checkbox" id="select-all" ${allChecked ? "checked" : ""} title="select this page"></th>`
    + th("Run", "attributes.run_name", "sticky c1") + th("Status", "attributes.status") + th("Started", "attributes.start_time") + `<th>Duration</th>`
    + params.map((k) => th(k, quoteKey("params", k), "param")).join("")
    + metrics.map((k) => th(k, quoteKey("metrics", k), "num")).join("") + `</tr>`;
  const rows = state.page.map((r) => {
    const { info, data } = r;
    const id = info.runId;
    const end = info.endTime ?? (info.status === "RUNNING" ? Date.now() : null);
    return `<tr data-run="${esc(id)}" class="${state.selected.has(id) ? "selected" : ""}">`
      + `<td class="sticky c0"><input type="checkbox" class="pick" ${state.selected.has(id) ? "checked" : ""}></td>`
      + `<td class="sticky c1"><span class="swatch" style="background:${runColor(id)}"></span><a href="#" class="run-link">${esc(info.runName || id.slice(0, 8))}</a></td>`
      + `<td><span class="status s-${esc(info.status)}">${esc(info.status.toLowerCase())}</span></td>`
      + `<td class="muted">${fmtTime(info.startTime)}</td><td class="muted">${end ? fmtDuration(end - info.startTime) : "–"}</td>`
      + params.map((k) => `<td class="param">${esc(data.params[k] ?? "")}</td>`).join("")
      + metrics.map((k) => `<td class="num">${data.metrics[k] ? fmtNum(data.metrics[k].value) : ""}</td>`).join("")
      + `</tr>`;
  });
  table.tBodies[0].innerHTML = rows.length ? rows.join("") : `<tr><td colspan="${5 + params.length + metrics.length}" class="empty">No runs${state.filter ? " match this filter" : " yet"}.</td></tr>`;
  const first = state.pageIndex * state.pageSize;
  $("page-info").textContent = state.page.length ? `${first + 1}–${first + state.page.length}` : "";
  $("prev-page").disabled = state.pageIndex === 0;
  $("next-page").disabled = !state.nextPageToken;
  updateSelectionInfo();
}

function updateSelectionInfo() {
  const n = state.selected.size;
  $("selection-info").innerHTML = n ? `${n} selected · <a href="#" data-goto="charts">chart</a> · <a href="#" data-goto="compare">compare</a> · <a href="#" data-clear>clear</a>`
    : "Select runs to chart and compare them (otherwise the first 10 rows are used).";
}

function setTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === tab);
  for (const s of document.querySelectorAll(".tab")) s.classList.toggle("active", s.id === `tab-${tab}`);
  if (tab === "charts") renderCharts();
  if (tab === "compare") renderCompare();
  if (tab === "registry") renderRegistry();
}

function resetPaging() { state.pageTokens = [null]; state.pageIndex = 0; }

function wire() {
  $("tabs").addEventListener("click", (e) => { const b = e.target.closest("button"); if (b) setTab(b.dataset.tab); });
  $("experiment").addEventListener("change", async (e) => {
    state.experimentIds = e.target.value ? [e.target.value] : [];
    state.selected.clear();
    resetPaging();
    await loadKeys();
    await loadRuns();
    if (state.tab !== "runs") setTab(state.tab);
  });
  $("filter-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const parts = [$("filter").value.trim()];
    const pk = $("param-key").value, pv = $("param-value").value.trim();
    if (pk && pv) parts.push(`${quoteKey("params", pk)} = '${pv.replace(/'/g, "\\'")}'`);
    state.filter = parts.filter(Boolean).join(" and ");
    resetPaging();
    loadRuns();
  });
  $("filter-clear").addEventListener("click", () => { $("filter").value = ""; $("param-value").value = ""; state.filter = ""; resetPaging(); loadRuns(); });
  $("page-size").addEventListener("change", (e) => { state.pageSize = Number(e.target.value); resetPaging(); loadRuns(); });
  $("next-page").addEventListener("click", () => { if (!state.nextPageToken) return; state.pageTokens[state.pageIndex + 1] = state.nextPageToken; state.pageIndex++; loadRuns(); });
  $("prev-page").addEventListener("click", () => { if (state.pageIndex > 0) { state.pageIndex--; loadRuns(); } });
  $("runs-table").addEventListener("click", (e) => {
    const th = e.target.closest("th[data-sort]");
    if (th) {
      const key = th.dataset.sort;
      const [k, dir] = state.orderBy.split(/ (?=ASC$|DESC$)/);
      state.orderBy = `${key} ${k === key && dir === "DESC" ? "ASC" : "DESC"}`;
      resetPaging();
      loadRuns();
      return;
    }
    if (e.target.id === "select-all") {
      for (const r of state.page) e.target.checked ? state.selected.add(r.info.runId) : state.selected.delete(r.info.runId);
      renderRunsTable();
      return;
    }
    const tr = e.target.closest("tr[data-run]");
    if (!tr) return;
    const id = tr.dataset.run;
    if (e.target.classList.contains("pick")) {
      e.target.checked ? state.selected.add(id) : state.selected.delete(id);
      tr.classList.toggle("selected", e.target.checked);
      updateSelectionInfo();
    } else if (e.target.classList.contains("run-link")) {
      e.preventDefault();
      renderRunDetail($("run-detail"), id);
    }
  });
  $("selection-info").addEventListener("click", (e) => {
    const a = e.target.closest("a");
    if (!a) return;
    e.preventDefault();
    if (a.dataset.goto) setTab(a.dataset.goto);
    if ("clear" in a.dataset) { state.selected.clear(); renderRunsTable(); }
  });
}

/** Every 2 s while "live" is on and a shown run is RUNNING: reload the table page and the charts. */
function startLive() {
  let busy = false;
  setInterval(async () => {
    if (busy || !$("live").checked || document.hidden) return;
    const running = state.page.some((r) => r.info.status === "RUNNING") || viewedRuns().some((r) => r.info.status === "RUNNING");
    document.body.classList.toggle("is-live", running);
    if (!running) return;
    busy = true;
    try {
      await loadRuns();
      for (const r of state.page) state.runById.set(r.info.runId, r);
      if (state.tab === "charts") await refreshCharts({ live: true });
    } finally { busy = false; }
  }, 2000);
}

async function start() {
  wire();
  await loadExperiments();
  await Promise.all([loadKeys(), fetchRuns()]); // the table needs both; ask for them at once
  renderRunsTable();
  window.__lwTimings = { ...(window.__lwTimings ?? {}), runsTableAt: performance.now() };
  startLive();
  const url = new URLSearchParams(location.search);
  if (url.get("select") === "page") { for (const r of state.page) state.selected.add(r.info.runId); renderRunsTable(); }
  const tab = url.get("tab");
  if (tab) setTab(tab);
  document.body.dataset.ready = "1";
}

start().catch((e) => { $("runs-error").textContent = `dashboard failed to start: ${e.message}`; $("runs-error").hidden = false; });
