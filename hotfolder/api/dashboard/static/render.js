// The dashboard script's rendering: hot folder cards, status filters and the jobs table, from `state`.
"use strict";
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
  const done = job.completed_files,
    errors = job.error_files || 0,
    total = job.total_files;
  let text = done + " of " + total + " file" + (total === 1 ? "" : "s") + " done";
  const bar = el("div", {
    class: "segbar",
    role: "img",
    "aria-label": text + (errors ? ", " + errors + " failed" : ""),
  });
  if (info && info.file_statuses.length === total) {
    for (const f of info.file_statuses)
      bar.append(el("span", { class: "seg s-" + f.status, title: f.filename + ": " + f.status }));
  } else {
    for (let i = 0; i < total; i++)
      bar.append(el("span", { class: "seg " + (i < done ? "s-done" : i < done + errors ? "s-error" : "") }));
  }
  const count = el("div", { class: "count", "aria-hidden": "true" }, done + " / " + total + " done");
  if (errors) count.append(" · ", el("span", { class: "err", text: errors + " failed" }));
  const failed = info && info.file_statuses.find((f) => f.status === "error" && f.error);
  const why = failed
    ? el("div", { class: "first-error", title: failed.filename + ": " + failed.error, text: failed.error })
    : null;
  return why ? [bar, count, why] : [bar, count];
}

function fileBar(file) {
  let percent = 0,
    kind = "";
  if (file.status === "done") {
    percent = 100;
    kind = "done";
  } else if (file.status === "error") {
    percent = 100;
    kind = "error";
  } else if (file.status === "processing") {
    if (file.progress_total) percent = Math.round((100 * (file.progress_current || 0)) / file.progress_total);
    else kind = "busy";
  }
  const fill = el("span");
  fill.style.width = percent + "%";
  const attrs = {
    class: "bar " + kind,
    role: "progressbar",
    "aria-label": file.filename,
    "aria-valuemin": 0,
    "aria-valuemax": 100,
  };
  if (kind !== "busy") attrs["aria-valuenow"] = percent;
  return el("div", attrs, fill);
}

function fileItem(file) {
  const stage =
    file.status === "processing" && file.progress_label ? file.progress_label : label(file.status);
  const item = el(
    "li",
    { class: "file" },
    el("span", { class: "name mono", text: file.filename }),
    el("span", { class: "badge st-" + file.status, text: stage }),
    fileBar(file),
  );
  if (file.error && (file.status === "error" || file.progress_stage === "retry_scheduled")) {
    const why = el("div", { class: "why" });
    if (file.error_category)
      why.append(el("span", { class: "cat", text: file.error_category.replace(/_/g, " ") }), ": ");
    why.append(file.error);
    const where = [];
    if (file.error_codes && file.error_codes.length) where.push(file.error_codes.join(", "));
    if (file.error_line) where.push("line " + file.error_line);
    if (where.length) why.append(" (" + where.join(", ") + ")");
    if (file.progress_stage === "retry_scheduled") why.append(" — retry scheduled");
    if (file.bug_report_id)
      why.append(
        " · ",
        el("a", { href: "/bug-reports/" + encodeURIComponent(file.bug_report_id), text: "bug report" }),
      );
    item.append(why);
  }
  return item;
}

function detail(job) {
  const info = state.info.get(job.job_id);
  const cell = el("td", { colspan: 6 });
  if (!info) {
    cell.append(el("p", { class: "muted", text: "Loading files…" }));
    return cell;
  }
  if (info.error) cell.append(el("p", { class: "job-error", text: info.error }));
  cell.append(
    el(
      "ul",
      { class: "files", "aria-label": "Files of " + jobName(job) },
      ...info.file_statuses.map(fileItem),
    ),
  );
  const results = state.results.get(job.job_id);
  if (results && results.body.files.some((f) => f.content_type)) {
    const links = el("div", { class: "results" }, el("h4", { text: "Results" }));
    for (const f of results.body.files) {
      if (f.content_type)
        links.append(
          el("a", {
            href: "/jobs/" + encodeURIComponent(job.job_id) + "/results/" + pathUrl(f.filename) + "?raw=1",
            text: f.filename,
          }),
        );
    }
    cell.append(links);
  }
  cell.append(el("p", { class: "muted mono", text: "job " + job.job_id }));
  return cell;
}

function summaryCells(row, job) {
  const elapsed =
    job.duration_s !== undefined
      ? span(job.duration_s)
      : job.status === "running"
        ? "for " + span(secondsSince(job.submitted_at))
        : "—";
  row.toggle.textContent = visible(jobName(job));
  row.sub.textContent = job.command + (job.lang ? " · " + job.lang : "");
  row.cells.folder.replaceChildren(job.submitted_by_name || "");
  const live = state.streams.has(job.job_id);
  row.cells.status.replaceChildren(
    badge(job.status),
    live ? el("span", { class: "live-dot", title: "Following live", "aria-label": "following live" }) : "",
  );
  row.body.classList.toggle("live", live);
  row.cells.files.replaceChildren(...segments(job));
  row.cells.submitted.replaceChildren(when(job.submitted_at));
  row.cells.duration.replaceChildren(elapsed);
}

function makeRow(job) {
  const id = "files-" + job.job_id;
  const toggle = el("button", {
    class: "toggle",
    type: "button",
    "aria-expanded": "false",
    "aria-controls": id,
  });
  const sub = el("span", { class: "sub" });
  const cells = {};
  const summary = el(
    "tr",
    { class: "summary" },
    el("td", { class: "c-job", "data-label": "Job" }, toggle, sub),
  );
  for (const [key, name] of [
    ["folder", "Folder"],
    ["status", "Status"],
    ["files", "Files"],
    ["submitted", "Submitted"],
    ["duration", "Duration"],
  ]) {
    cells[key] = el("td", { class: "c-" + key, "data-label": name });
    summary.append(cells[key]);
  }
  const detailRow = el("tr", { class: "detail", id: id, hidden: true });
  const body = el(
    "tbody",
    { class: "job", "data-id": job.job_id, "data-status": job.status },
    summary,
    detailRow,
  );
  const row = { body, toggle, sub, cells, detailRow, sig: "" };
  toggle.addEventListener("click", () => {
    if (state.open.has(job.job_id)) state.open.delete(job.job_id);
    else state.open.add(job.job_id);
    loadDetail(job.job_id).then(render);
    render();
  });
  return row;
}

function renderJobs() {
  const tbodies = [];
  for (const job of state.jobs) {
    let row = state.rows.get(job.job_id);
    if (!row) {
      row = makeRow(job);
      state.rows.set(job.job_id, row);
    }
    const open = state.open.has(job.job_id);
    summaryCells(row, job);
    row.body.dataset.status = job.status;
    row.toggle.setAttribute("aria-expanded", String(open));
    row.detailRow.hidden = !open;
    const info = state.info.get(job.job_id),
      results = state.results.get(job.job_id);
    const sig = JSON.stringify([open, job, info || null, results ? results.key : null]);
    if (open && sig !== row.sig) row.detailRow.replaceChildren(detail(job));
    row.sig = sig;
    tbodies.push(row.body);
  }
  const table = $("jobs");
  const current = [...table.tBodies];
  if (current.length !== tbodies.length || current.some((b, i) => b !== tbodies[i])) {
    current.forEach((b) => {
      if (!tbodies.includes(b)) b.remove();
    });
    tbodies.forEach((b) => table.append(b));
  }
  $("empty").hidden = state.jobs.length > 0;
  $("more").hidden = state.jobs.length < state.limit;
}

function renderFolders() {
  const list = $("folders"),
    health = state.health;
  if (!health) return;
  $("node").textContent = [health.node_id, health.version && "v" + health.version]
    .filter(Boolean)
    .join(" · ");
  const folders = health.hotfolders || [];
  if (!folders.length) {
    list.replaceChildren(el("li", { class: "folder muted", text: "No hot folder reported yet." }));
    return;
  }
  list.replaceChildren(
    ...folders.map((f) => {
      const stat = (name, value) =>
        el("div", {}, el("dt", { text: name }), el("dd", { text: String(value ?? 0) }));
      const card = el(
        "li",
        { class: "folder" },
        el(
          "div",
          { class: "folder-head" },
          el("h3", { text: f.name }),
          el("span", {
            class: "mode " + f.watch_mode,
            title: f.watch_mode_reason || null,
            text: f.watch_mode,
          }),
        ),
        el("p", { class: "what", text: f.command + (f.lang ? " · " + f.lang : "") }),
        f.inbox ? el("p", { class: "path mono", title: f.inbox, text: f.inbox }) : null,
        el(
          "dl",
          { class: "stats" },
          stat("Queued", f.queue_length),
          stat("Settling", f.files_settling),
          stat("Waiting", f.bundles_waiting),
        ),
      );
      const scan = f.last_scan_at
        ? "Last scan " +
          ago(Date.now() / 1000 - f.last_scan_at) +
          (f.last_scan_duration_s !== undefined ? " (" + span(f.last_scan_duration_s) + ")" : "")
        : "Not scanned yet";
      card.append(el("p", { class: "scan", text: scan }));
      // Polling is slower to notice drops: say why it was chosen.
      if (f.watch_mode === "polling" && f.watch_mode_reason)
        card.append(el("p", { class: "scan", text: f.watch_mode_reason }));
      if (f.scan_errors && f.scan_errors.length)
        card.append(
          el(
            "ul",
            { class: "warn", "aria-label": "Scan problems" },
            ...f.scan_errors.map((e) => el("li", { text: e })),
          ),
        );
      // Drops that have waited past incomplete_after_s: say which and why, so none waits in silence.
      if (f.bundles_stuck && f.bundles_stuck.length)
        card.append(
          el(
            "ul",
            { class: "warn stuck", "aria-label": "Waiting too long" },
            ...f.bundles_stuck.map((b) =>
              el("li", { text: b.name + " waiting " + span(b.waiting_s) + ": " + b.reason }),
            ),
          ),
        );
      return card;
    }),
  );
}

function renderFilters() {
  const counts = (state.health && state.health.jobs_by_status) || {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const box = $("filters");
  const make = (value, name, n) => {
    const b = el(
      "button",
      { type: "button", "aria-pressed": String(state.filter === value), "data-filter": value },
      name,
      el("span", { class: "n", text: String(n) }),
    );
    b.addEventListener("click", () => {
      state.filter = value;
      state.limit = PAGE;
      refresh();
    });
    return b;
  };
  const focused =
    document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.filter
      : undefined;
  box.replaceChildren(
    make("", "All", total),
    ...STATUSES.filter((s) => counts[s] || state.filter === s).map((s) => make(s, label(s), counts[s] || 0)),
  );
  if (focused !== undefined) {
    const again = box.querySelector('[data-filter="' + focused + '"]');
    if (again) again.focus();
  }
}

function render() {
  renderFolders();
  renderFilters();
  renderJobs();
}

function setConnection(ok, message) {
  $("conn-dot").className = "dot " + (ok ? "ok" : "bad");
  $("conn-text").textContent = ok ? "Live · updated " + new Date().toLocaleTimeString() : message;
}
function announce(text) {
  $("announce").textContent = visible(text);
}
