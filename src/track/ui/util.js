// Small helpers of the dashboard: HTML escaping, element creation, run colours, number and time formatting.

/** Escapes text for HTML. */
export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** document.createElement with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

// Tableau-like palette, readable on white.
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#5f6fd1",
  "#2ca58d", "#d4a017", "#c2185b", "#0097a7", "#7cb342", "#8d6e63", "#5c6bc0", "#ef6c00", "#00897b", "#ad1457"];

const assigned = new Map();

/**
 * A run's colour: palette entries handed out in the order runs are first shown (the table's order), so the
 * first 20 runs never share one; beyond that a hash of the id picks. Stable for the page's lifetime.
 */
export function runColor(runId) {
  let c = assigned.get(runId);
  if (c) return c;
  if (assigned.size < PALETTE.length) c = PALETTE[assigned.size];
  else {
    let h = 2166136261;
    for (let i = 0; i < runId.length; i++) h = Math.imul(h ^ runId.charCodeAt(i), 16777619);
    c = PALETTE[(h >>> 0) % PALETTE.length];
  }
  assigned.set(runId, c);
  return c;
}

/** A metric value to 4 significant digits (NaN/∞ shown as such, null as an en dash). */
export function fmtNum(v) {
  if (v === null || v === undefined) return "–";
  if (typeof v !== "number") return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

export function fmtDuration(ms) {
  if (ms === null || ms === undefined || ms < 0) return "–";
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export function fmtTime(ms) {
  if (!ms) return "–";
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** MLflow's filter/orderBy key: backticks when the name is not a plain identifier. */
export const quoteKey = (kind, key) => (/^[A-Za-z_][\w.]*$/.test(key) ? `${kind}.${key}` : `${kind}.\`${key}\``);
