"""The dashboard's script: polls /health and /jobs, follows active jobs over /jobs/{id}/stream.

Everything is built with DOM calls and textContent (never innerHTML), so file names
and error messages are shown as text whatever they contain. A browser opens only
a few connections per server, so at most MAX_STREAMS jobs are followed live; the
others are refreshed with the periodic poll.
"""

SCRIPT = r"""
"use strict";
const POLL_MS = 2000, MAX_STREAMS = 4, PAGE = 50, DETAIL_FETCHES = 4;
const ACTIVE = new Set(["queued", "running", "interrupted"]);
const STATUSES = ["queued", "running", "interrupted", "completed", "failed", "cancelled"];
const state = { jobs: [], info: new Map(), results: new Map(), streams: new Map(), open: new Set(),
  rows: new Map(), filter: "", limit: PAGE, health: null, seen: new Set() };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

class AuthNeeded extends Error {}

async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) throw new AuthNeeded("the API token is needed");
  if (!response.ok) throw new Error(path + " answered HTTP " + response.status);
  return response.json();
}

function secondsSince(iso) { return iso ? Math.max(0, (Date.now() - Date.parse(iso)) / 1000) : null; }
function span(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 1) return Math.round(seconds * 1000) + " ms";
  if (seconds < 60) return (seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
  return Math.floor(seconds / 3600) + " h " + Math.round((seconds % 3600) / 60) + " min";
}
function ago(seconds) {
  if (seconds === null) return "";
  if (seconds < 5) return "just now";
  if (seconds < 60) return Math.round(seconds) + " s ago";
  if (seconds < 86400) return span(seconds).replace(/ \d+ (s|min)$/, "") + " ago";
  return Math.floor(seconds / 86400) + " d ago";
}
function when(iso) {
  return el("time", { datetime: iso, title: iso ? new Date(iso).toLocaleString() : null, text: ago(secondsSince(iso)) });
}
function label(status) { return status.charAt(0).toUpperCase() + status.slice(1); }
function badge(status) { return el("span", { class: "badge st-" + status, text: label(status) }); }
function pathUrl(path) { return path.split("/").map(encodeURIComponent).join("/"); }

function jobName(job) {
  const info = state.info.get(job.job_id);
  const names = info ? info.file_statuses.map((f) => f.filename) : [];
  if (!names.length) return "Job " + job.job_id.slice(0, 8);
  if (names.length === 1) return names[0];
  const tops = new Set(names.map((n) => n.split("/")[0]));
  if (tops.size === 1 && names[0].includes("/")) return [...tops][0] + "/";
  return names[0] + " + " + (names.length - 1) + " more";
}

function segments(job) {
  const info = state.info.get(job.job_id);
  const done = job.completed_files, errors = job.error_files || 0, total = job.total_files;
  let text = done + " of " + total + " file" + (total === 1 ? "" : "s") + " done";
  const bar = el("div", { class: "segbar", role: "img", "aria-label": text + (errors ? ", " + errors + " failed" : "") });
  if (info && info.file_statuses.length === total) {
    for (const f of info.file_statuses) bar.append(el("span", { class: "seg s-" + f.status, title: f.filename + ": " + f.status }));
  } else {
    for (let i = 0; i < total; i++) bar.append(el("span", { class: "seg " + (i < done ? "s-done" : i < done + errors ? "s-error" : "") }));
  }
  const count = el("div", { class: "count", "aria-hidden": "true" }, done + " / " + total + " done");
  if (errors) count.append(" · ", el("span", { class: "err", text: errors + " failed" }));
  const failed = info && info.file_statuses.find((f) => f.status === "error" && f.error);
  const why = failed ? el("div", { class: "first-error", title: failed.filename + ": " + failed.error, text: failed.error }) : null;
  return why ? [bar, count, why] : [bar, count];
}

function fileBar(file) {
  let percent = 0, kind = "";
  if (file.status === "done") { percent = 100; kind = "done"; }
  else if (file.status === "error") { percent = 100; kind = "error"; }
  else if (file.status === "processing") {
    if (file.progress_total) percent = Math.round(100 * (file.progress_current || 0) / file.progress_total);
    else kind = "busy";
  }
  const fill = el("span");
  fill.style.width = percent + "%";
  const attrs = { class: "bar " + kind, role: "progressbar", "aria-label": file.filename, "aria-valuemin": 0, "aria-valuemax": 100 };
  if (kind !== "busy") attrs["aria-valuenow"] = percent;
  return el("div", attrs, fill);
}

function fileItem(file) {
  const stage = file.status === "processing" && file.progress_label ? file.progress_label : label(file.status);
  const item = el("li", { class: "file" }, el("span", { class: "name mono", text: file.filename }),
    el("span", { class: "badge st-" + file.status, text: stage }), fileBar(file));
  if (file.error && (file.status === "error" || file.progress_stage === "retry_scheduled")) {
    const why = el("div", { class: "why" });
    if (file.error_category) why.append(el("span", { class: "cat", text: file.error_category.replace(/_/g, " ") }), ": ");
    why.append(file.error);
    const where = [];
    if (file.error_codes && file.error_codes.length) where.push(file.error_codes.join(", "));
    if (file.error_line) where.push("line " + file.error_line);
    if (where.length) why.append(" (" + where.join(", ") + ")");
    if (file.progress_stage === "retry_scheduled") why.append(" — retry scheduled");
    if (file.bug_report_id) why.append(" · ", el("a", { href: "/bug-reports/" + encodeURIComponent(file.bug_report_id), text: "bug report" }));
    item.append(why);
  }
  return item;
}

function detail(job) {
  const info = state.info.get(job.job_id);
  const cell = el("td", { colspan: 6 });
  if (!info) { cell.append(el("p", { class: "muted", text: "Loading files…" })); return cell; }
  if (info.error) cell.append(el("p", { class: "job-error", text: info.error }));
  cell.append(el("ul", { class: "files", "aria-label": "Files of " + jobName(job) }, ...info.file_statuses.map(fileItem)));
  const results = state.results.get(job.job_id);
  if (results && results.body.files.some((f) => f.content_type)) {
    const links = el("div", { class: "results" }, el("h4", { text: "Results" }));
    for (const f of results.body.files) {
      if (f.content_type) links.append(el("a", { href: "/jobs/" + encodeURIComponent(job.job_id) + "/results/" + pathUrl(f.filename), text: f.filename }));
    }
    cell.append(links);
  }
  cell.append(el("p", { class: "muted mono", text: "job " + job.job_id }));
  return cell;
}

function summaryCells(row, job) {
  const elapsed = job.duration_s !== undefined ? span(job.duration_s)
    : job.status === "running" ? "for " + span(secondsSince(job.submitted_at)) : "—";
  row.toggle.textContent = jobName(job);
  row.sub.textContent = job.command + (job.lang ? " · " + job.lang : "");
  row.cells.folder.replaceChildren(job.submitted_by_name || "");
  const live = state.streams.has(job.job_id);
  row.cells.status.replaceChildren(badge(job.status), live ? el("span", { class: "live-dot", title: "Following live", "aria-label": "following live" }) : "");
  row.body.classList.toggle("live", live);
  row.cells.files.replaceChildren(...segments(job));
  row.cells.submitted.replaceChildren(when(job.submitted_at));
  row.cells.duration.replaceChildren(elapsed);
}

function makeRow(job) {
  const id = "files-" + job.job_id;
  const toggle = el("button", { class: "toggle", type: "button", "aria-expanded": "false", "aria-controls": id });
  const sub = el("span", { class: "sub" });
  const cells = {};
  const summary = el("tr", { class: "summary" }, el("td", { class: "c-job", "data-label": "Job" }, toggle, sub));
  for (const [key, name] of [["folder", "Folder"], ["status", "Status"], ["files", "Files"], ["submitted", "Submitted"], ["duration", "Duration"]]) {
    cells[key] = el("td", { class: "c-" + key, "data-label": name });
    summary.append(cells[key]);
  }
  const detailRow = el("tr", { class: "detail", id: id, hidden: true });
  const body = el("tbody", { class: "job", "data-id": job.job_id, "data-status": job.status }, summary, detailRow);
  const row = { body, toggle, sub, cells, detailRow, sig: "" };
  toggle.addEventListener("click", () => {
    if (state.open.has(job.job_id)) state.open.delete(job.job_id); else state.open.add(job.job_id);
    loadDetail(job.job_id).then(render);
    render();
  });
  return row;
}

function renderJobs() {
  const tbodies = [];
  for (const job of state.jobs) {
    let row = state.rows.get(job.job_id);
    if (!row) { row = makeRow(job); state.rows.set(job.job_id, row); }
    const open = state.open.has(job.job_id);
    summaryCells(row, job);
    row.body.dataset.status = job.status;
    row.toggle.setAttribute("aria-expanded", String(open));
    row.detailRow.hidden = !open;
    const info = state.info.get(job.job_id), results = state.results.get(job.job_id);
    const sig = JSON.stringify([open, job, info || null, results ? results.key : null]);
    if (open && sig !== row.sig) row.detailRow.replaceChildren(detail(job));
    row.sig = sig;
    tbodies.push(row.body);
  }
  const table = $("jobs");
  const current = [...table.tBodies];
  if (current.length !== tbodies.length || current.some((b, i) => b !== tbodies[i])) {
    current.forEach((b) => { if (!tbodies.includes(b)) b.remove(); });
    tbodies.forEach((b) => table.append(b));
  }
  $("empty").hidden = state.jobs.length > 0;
  $("more").hidden = state.jobs.length < state.limit;
}

function renderFolders() {
  const list = $("folders"), health = state.health;
  if (!health) return;
  $("node").textContent = [health.node_id, health.version && "v" + health.version].filter(Boolean).join(" · ");
  const folders = health.hotfolders || [];
  if (!folders.length) { list.replaceChildren(el("li", { class: "folder muted", text: "No hot folder reported yet." })); return; }
  list.replaceChildren(...folders.map((f) => {
    const stat = (name, value) => el("div", {}, el("dt", { text: name }), el("dd", { text: String(value ?? 0) }));
    const card = el("li", { class: "folder" },
      el("div", { class: "folder-head" }, el("h3", { text: f.name }),
        el("span", { class: "mode " + f.watch_mode, title: f.watch_mode_reason || null, text: f.watch_mode })),
      el("p", { class: "what", text: f.command + (f.lang ? " · " + f.lang : "") }),
      f.inbox ? el("p", { class: "path mono", title: f.inbox, text: f.inbox }) : null,
      el("dl", { class: "stats" }, stat("Queued", f.queue_length), stat("Settling", f.files_settling), stat("Waiting", f.bundles_waiting)));
    const scan = f.last_scan_at ? "Last scan " + ago(Date.now() / 1000 - f.last_scan_at) + (f.last_scan_duration_s !== undefined ? " (" + span(f.last_scan_duration_s) + ")" : "") : "Not scanned yet";
    card.append(el("p", { class: "scan", text: scan }));
    // Polling is slower to notice drops: say why it was chosen.
    if (f.watch_mode === "polling" && f.watch_mode_reason) card.append(el("p", { class: "scan", text: f.watch_mode_reason }));
    if (f.scan_errors && f.scan_errors.length) card.append(el("ul", { class: "warn", "aria-label": "Scan problems" }, ...f.scan_errors.map((e) => el("li", { text: e }))));
    return card;
  }));
}

function renderFilters() {
  const counts = (state.health && state.health.jobs_by_status) || {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const box = $("filters");
  const make = (value, name, n) => {
    const b = el("button", { type: "button", "aria-pressed": String(state.filter === value), "data-filter": value }, name, el("span", { class: "n", text: String(n) }));
    b.addEventListener("click", () => { state.filter = value; state.limit = PAGE; refresh(); });
    return b;
  };
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.filter : undefined;
  box.replaceChildren(make("", "All", total), ...STATUSES.filter((s) => counts[s] || state.filter === s).map((s) => make(s, label(s), counts[s] || 0)));
  if (focused !== undefined) { const again = box.querySelector('[data-filter="' + focused + '"]'); if (again) again.focus(); }
}

function render() { renderFolders(); renderFilters(); renderJobs(); }

function setConnection(ok, message) {
  $("conn-dot").className = "dot " + (ok ? "ok" : "bad");
  $("conn-text").textContent = ok ? "Live · updated " + new Date().toLocaleTimeString() : message;
}
function announce(text) { $("announce").textContent = text; }

const JOB_KEYS = ["status", "completed_files", "total_files", "error_files", "completed_at", "duration_s", "next_eligible_at"];
function mergeJob(update) {
  const job = state.jobs.find((j) => j.job_id === update.job_id);
  if (job) for (const key of JOB_KEYS) if (key in update) job[key] = update[key];
  const info = state.info.get(update.job_id);
  if (info && info !== update) for (const key of JOB_KEYS) if (key in update && key !== "error_files") info[key] = update[key];
}
function errorCount(info) { return info.file_statuses.filter((f) => f.status === "error").length; }

function finished(id, status) {
  const job = state.jobs.find((j) => j.job_id === id);
  announce((job ? jobName(job) : "Job") + " " + status);
  const row = state.rows.get(id);
  if (row) { row.body.classList.remove("flash"); void row.body.offsetWidth; row.body.classList.add("flash"); }
  state.results.delete(id);
  loadDetail(id, true).then(render);
  refresh();  // the counts and folder backlogs changed too
}

function follow(id) {
  const source = new EventSource("/jobs/" + encodeURIComponent(id) + "/stream");
  state.streams.set(id, source);
  const on = (name, handle) => source.addEventListener(name, (event) => { handle(JSON.parse(event.data)); render(); });
  on("snapshot", (info) => { state.info.set(id, info); mergeJob({ ...info, error_files: errorCount(info) }); });
  on("file_update", (data) => {
    const info = state.info.get(id);
    if (info) {
      const at = info.file_statuses.findIndex((f) => f.filename === data.file.filename);
      if (at >= 0) info.file_statuses[at] = data.file; else info.file_statuses.push(data.file);
    }
    mergeJob({ job_id: id, completed_files: data.completed_files, ...(info ? { error_files: errorCount(info) } : {}) });
  });
  on("job_update", (job) => mergeJob(job));
  on("complete", (data) => { source.close(); state.streams.delete(id); mergeJob(data); finished(id, data.status); });
  source.onerror = () => { if (source.readyState === EventSource.CLOSED) state.streams.delete(id); };
}

function syncStreams() {
  const wanted = state.jobs.filter((j) => ACTIVE.has(j.status)).slice(0, MAX_STREAMS).map((j) => j.job_id);
  for (const [id, source] of state.streams) if (!wanted.includes(id)) { source.close(); state.streams.delete(id); }
  for (const id of wanted) if (!state.streams.has(id)) follow(id);
}

function detailKey(id) {
  const info = state.info.get(id);
  return info ? info.status + ":" + info.completed_files : "";
}

// Answers can arrive after the stream has moved the job on: one older than what the page
// shows is dropped (the next poll asks again).
async function loadDetail(id, force) {
  const job = state.jobs.find((j) => j.job_id === id);
  const known = state.info.get(id);
  if (force || !known || known.status !== (job && job.status) || (job && ACTIVE.has(job.status) && !state.streams.has(id))) {
    const before = detailKey(id);
    let fresh;
    try { fresh = await getJSON("/jobs/" + encodeURIComponent(id)); } catch (error) { return; }
    if (force || detailKey(id) === before) state.info.set(id, fresh);
  }
  const info = state.info.get(id);
  const key = detailKey(id);
  if (state.open.has(id) && info.completed_files + (job ? job.error_files || 0 : 0) > 0 && (!state.results.has(id) || state.results.get(id).key !== key)) {
    let body;
    try { body = await getJSON("/jobs/" + encodeURIComponent(id) + "/results"); } catch (error) { return; }
    if (detailKey(id) === key) state.results.set(id, { key, body });
  }
}

async function loadDetails() {
  const queue = state.jobs.map((j) => j.job_id);
  const worker = async () => { while (queue.length) await loadDetail(queue.shift()); };
  await Promise.all(Array.from({ length: DETAIL_FETCHES }, worker));
}

let timer = null;
async function refresh() {
  clearTimeout(timer);
  const query = "/jobs?limit=" + state.limit + (state.filter ? "&status=" + state.filter : "");
  try {
    const [health, jobs] = await Promise.all([getJSON("/health"), getJSON(query)]);
    state.health = health;
    state.jobs = jobs;
    // A job is opened the first time the page sees it active: its files show as they progress.
    for (const job of jobs) {
      if (!state.seen.has(job.job_id)) { state.seen.add(job.job_id); if (ACTIVE.has(job.status)) state.open.add(job.job_id); }
    }
    await loadDetails();
    $("banner").hidden = true;
    setConnection(true);
  } catch (error) {
    if (error instanceof AuthNeeded) {
      $("banner").replaceChildren("This dashboard needs the API token again: ", el("a", { href: "/", text: "sign in" }), ".");
      $("banner").hidden = false;
    }
    setConnection(false, "Offline · retrying (" + error.message + ")");
  }
  syncStreams();
  render();
  timer = setTimeout(refresh, POLL_MS);
}

$("more").addEventListener("click", () => { state.limit += PAGE; refresh(); });
refresh();
"""
