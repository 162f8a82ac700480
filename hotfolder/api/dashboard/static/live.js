// The dashboard script's updates: the periodic poll, the event streams of active jobs, job details.
"use strict";
const JOB_KEYS = [
  "status",
  "completed_files",
  "total_files",
  "error_files",
  "completed_at",
  "duration_s",
  "next_eligible_at",
];
function mergeJob(update) {
  const job = state.jobs.find((j) => j.job_id === update.job_id);
  if (job) for (const key of JOB_KEYS) if (key in update) job[key] = update[key];
  const info = state.info.get(update.job_id);
  if (info && info !== update)
    for (const key of JOB_KEYS) if (key in update && key !== "error_files") info[key] = update[key];
}
function errorCount(info) {
  return info.file_statuses.filter((f) => f.status === "error").length;
}

function finished(id, status) {
  const job = state.jobs.find((j) => j.job_id === id);
  announce((job ? jobName(job) : "Job") + " " + status);
  const row = state.rows.get(id);
  if (row) {
    row.body.classList.remove("flash");
    void row.body.offsetWidth;
    row.body.classList.add("flash");
  }
  state.results.delete(id);
  loadDetail(id, true).then(render);
  refresh(); // the counts and folder backlogs changed too
}

function follow(id) {
  const source = new EventSource("/jobs/" + encodeURIComponent(id) + "/stream");
  state.streams.set(id, source);
  const on = (name, handle) =>
    source.addEventListener(name, (event) => {
      handle(JSON.parse(event.data));
      render();
    });
  on("snapshot", (info) => {
    state.info.set(id, info);
    mergeJob({ ...info, error_files: errorCount(info) });
  });
  on("file_update", (data) => {
    const info = state.info.get(id);
    if (info) {
      const at = info.file_statuses.findIndex((f) => f.filename === data.file.filename);
      if (at >= 0) info.file_statuses[at] = data.file;
      else info.file_statuses.push(data.file);
    }
    mergeJob({
      job_id: id,
      completed_files: data.completed_files,
      ...(info ? { error_files: errorCount(info) } : {}),
    });
  });
  on("job_update", (job) => mergeJob(job));
  on("complete", (data) => {
    source.close();
    state.streams.delete(id);
    mergeJob(data);
    finished(id, data.status);
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) state.streams.delete(id);
  };
}

function syncStreams() {
  const wanted = state.jobs
    .filter((j) => ACTIVE.has(j.status))
    .slice(0, MAX_STREAMS)
    .map((j) => j.job_id);
  for (const [id, source] of state.streams)
    if (!wanted.includes(id)) {
      source.close();
      state.streams.delete(id);
    }
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
  if (
    force ||
    !known ||
    known.status !== (job && job.status) ||
    (job && ACTIVE.has(job.status) && !state.streams.has(id))
  ) {
    const before = detailKey(id);
    let fresh;
    try {
      fresh = await getJSON("/jobs/" + encodeURIComponent(id));
    } catch (error) {
      return;
    }
    if (force || detailKey(id) === before) state.info.set(id, fresh);
  }
  const info = state.info.get(id);
  const key = detailKey(id);
  if (
    state.open.has(id) &&
    info.completed_files + (job ? job.error_files || 0 : 0) > 0 &&
    (!state.results.has(id) || state.results.get(id).key !== key)
  ) {
    let body;
    try {
      body = await getJSON("/jobs/" + encodeURIComponent(id) + "/results");
    } catch (error) {
      return;
    }
    if (detailKey(id) === key) state.results.set(id, { key, body });
  }
}

async function loadDetails() {
  const queue = state.jobs.map((j) => j.job_id);
  const worker = async () => {
    while (queue.length) await loadDetail(queue.shift());
  };
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
      if (!state.seen.has(job.job_id)) {
        state.seen.add(job.job_id);
        if (ACTIVE.has(job.status)) state.open.add(job.job_id);
      }
    }
    await loadDetails();
    $("banner").hidden = true;
    setConnection(true);
  } catch (error) {
    if (error instanceof AuthNeeded) {
      $("banner").replaceChildren(
        "This dashboard needs the API token again: ",
        el("a", { href: "/", text: "sign in" }),
        ".",
      );
      $("banner").hidden = false;
    }
    setConnection(false, "Offline · retrying (" + error.message + ")");
  }
  syncStreams();
  render();
  timer = setTimeout(refresh, POLL_MS);
}

$("more").addEventListener("click", () => {
  state.limit += PAGE;
  refresh();
});
refresh();
