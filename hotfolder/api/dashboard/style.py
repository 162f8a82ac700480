"""The dashboard's stylesheet: light and dark, a table that becomes cards on a phone."""

STYLE = r"""
:root {
  --bg: #f4f6f9; --panel: #ffffff; --text: #1c2430; --muted: #5d6b7e; --line: #dde3ea;
  --accent: #2563eb; --accent-soft: #e0e9fd;
  --queued: #64748b; --running: #2563eb; --completed: #15803d; --failed: #c62828;
  --cancelled: #6b7280; --interrupted: #b45309; --track: #e6eaf0;
  --shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 1px 3px rgba(16, 24, 40, .08);
  --radius: 10px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif;
  font-size: 15px; line-height: 1.45; color: var(--text); background: var(--bg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f141b; --panel: #171e28; --text: #e5eaf1; --muted: #97a3b4; --line: #2a3441;
    --accent: #60a5fa; --accent-soft: #1e3a5f; --queued: #94a3b8; --running: #60a5fa;
    --completed: #4ade80; --failed: #f87171; --cancelled: #9ca3af; --interrupted: #fbbf24;
    --track: #263141; --shadow: none;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.muted { color: var(--muted); }
.mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; font-size: .86em; }

.top { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
  padding: .8rem clamp(1rem, 3vw, 2rem); background: var(--panel); border-bottom: 1px solid var(--line); }
.brand { display: flex; align-items: baseline; gap: .6rem; flex-wrap: wrap; }
.brand h1 { margin: 0; font-size: 1.25rem; letter-spacing: -.01em; }
.logo { width: .8rem; height: .8rem; border-radius: 3px; background: var(--accent); display: inline-block;
  align-self: center; box-shadow: .35rem .35rem 0 var(--accent-soft); }
.conn { display: flex; align-items: center; gap: .45rem; font-size: .9rem; color: var(--muted); }
.dot { width: .6rem; height: .6rem; border-radius: 50%; background: var(--queued); }
.dot.ok { background: var(--completed);
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--completed) 25%, transparent); }
.dot.bad { background: var(--failed); }

main { max-width: 1200px; margin: 0 auto; padding: 1.2rem clamp(.75rem, 3vw, 2rem) 3rem; }
section { margin-bottom: 1.8rem; }
h2 { font-size: 1.05rem; margin: 0 0 .7rem; }
.banner { background: color-mix(in srgb, var(--failed) 12%, var(--panel)); border: 1px solid var(--failed);
  border-radius: var(--radius); padding: .7rem 1rem; margin-bottom: 1rem; }

.folders { list-style: none; margin: 0; padding: 0; display: grid; gap: .8rem;
  grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.folder { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius);
  padding: .85rem 1rem; box-shadow: var(--shadow); min-width: 0; }
.folder-head { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; }
.folder h3 { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
.folder .what { margin: .1rem 0 0; font-size: .88rem; color: var(--muted); }
.folder .path { margin: .1rem 0 .6rem; font-size: .76rem; color: var(--muted); white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.stats { display: grid; grid-template-columns: repeat(3, 1fr); gap: .3rem; margin: 0; }
.stats div { background: var(--bg); border-radius: 7px; padding: .35rem .5rem; }
.stats dt { font-size: .72rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.stats dd { margin: 0; font-size: 1.15rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.folder .scan { margin: .55rem 0 0; font-size: .8rem; color: var(--muted); }
.folder .warn { color: var(--failed); margin: .3rem 0 0; font-size: .8rem; padding-left: 1rem; }
.mode { font-size: .72rem; font-weight: 600; border-radius: 999px; padding: .1rem .5rem;
  border: 1px solid currentColor; color: var(--accent); white-space: nowrap; }
.mode.polling { color: var(--interrupted); }

.section-head { display: flex; justify-content: space-between; align-items: center; gap: .8rem;
  flex-wrap: wrap;
  margin-bottom: .7rem; }
.section-head h2 { margin: 0; }
.filters { display: flex; gap: .35rem; flex-wrap: wrap; }
.filters button { font: inherit; font-size: .82rem; border: 1px solid var(--line); background: var(--panel);
  color: var(--text); border-radius: 999px; padding: .2rem .7rem; cursor: pointer; }
.filters button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.filters .n { font-variant-numeric: tabular-nums; opacity: .75; margin-left: .25rem; }

.table-wrap { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius);
  box-shadow: var(--shadow); overflow: hidden; }
table.jobs { width: 100%; border-collapse: collapse; }
.jobs th { text-align: left; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); font-weight: 600; padding: .6rem .8rem; border-bottom: 1px solid var(--line); }
.jobs td { padding: .6rem .8rem; vertical-align: middle; border-top: 1px solid var(--line); }
.jobs tbody:first-of-type tr:first-child td { border-top: 0; }
.jobs tr.detail td { border-top: 0; padding-top: 0; background: var(--panel); }
.jobs tbody.flash tr.summary td { animation: flash 1.6s ease-out; }
@keyframes flash { from { background: var(--accent-soft); } to { background: transparent; } }
.toggle { font: inherit; font-weight: 600; color: var(--text); background: none; border: 0; padding: 0;
  cursor: pointer; text-align: left; display: inline-flex; gap: .4rem; align-items: baseline;
  overflow-wrap: anywhere; }
.toggle::before { content: "\25B8"; color: var(--muted); transition: transform .15s; display: inline-block; }
.toggle[aria-expanded="true"]::before { transform: rotate(90deg); }
.sub { display: block; font-size: .8rem; color: var(--muted); margin-top: .1rem; }
.badge { display: inline-block; font-size: .78rem; font-weight: 600; padding: .12rem .55rem;
  border-radius: 999px; white-space: nowrap;
  background: color-mix(in srgb, var(--c, var(--queued)) 14%, transparent); color: var(--c, var(--queued)); }
.st-queued { --c: var(--queued); } .st-running, .st-processing { --c: var(--running); }
.st-completed, .st-done { --c: var(--completed); } .st-failed, .st-error { --c: var(--failed); }
.st-cancelled { --c: var(--cancelled); } .st-interrupted { --c: var(--interrupted); }

.segbar { display: flex; gap: 2px; height: .6rem; min-width: 7rem; border-radius: 4px; overflow: hidden; }
.seg { flex: 1 1 0; background: var(--track); }
.seg.s-done { background: var(--completed); } .seg.s-error { background: var(--failed); }
.seg.s-processing {
  background: linear-gradient(90deg, var(--running) 40%, var(--accent-soft) 50%, var(--running) 60%);
  background-size: 300% 100%; animation: slide 1.4s linear infinite; }
.count { font-size: .8rem; color: var(--muted); margin-top: .25rem; font-variant-numeric: tabular-nums; }
.count .err { color: var(--failed); font-weight: 600; }
.first-error { font-size: .8rem; color: var(--failed); margin-top: .15rem; max-width: 22rem;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.live-dot { display: inline-block; width: .5rem; height: .5rem; border-radius: 50%;
  background: var(--running);
  margin-left: .45rem; vertical-align: middle; animation: pulse 1.6s ease-in-out infinite; }
@keyframes pulse { 50% { opacity: .25; } }
@keyframes slide { from { background-position: 100% 0; } to { background-position: 0 0; } }

.files { list-style: none; margin: 0; padding: .2rem 0 .4rem; display: grid; gap: .45rem; }
.file { display: grid; grid-template-columns: minmax(0, 2fr) auto minmax(6rem, 1.3fr); gap: .3rem .8rem;
  align-items: center; background: var(--bg); border-radius: 8px; padding: .5rem .7rem; }
.file .name { overflow-wrap: anywhere; }
.bar { height: .45rem; background: var(--track); border-radius: 4px; overflow: hidden; }
.bar span { display: block; height: 100%; width: 0; background: var(--running); transition: width .4s; }
.bar.done span { background: var(--completed); } .bar.error span { background: var(--failed); }
.bar.busy span { width: 35% !important; animation: busy 1.2s ease-in-out infinite alternate; }
@keyframes busy { from { margin-left: 0; } to { margin-left: 65%; } }
.file .why { grid-column: 1 / -1; font-size: .85rem; color: var(--failed); overflow-wrap: anywhere; }
.file .why .cat { font-weight: 600; }
.results { margin: .3rem 0 .2rem; font-size: .88rem; display: flex; flex-wrap: wrap; gap: .3rem .9rem; }
.results h4 { margin: 0; font-size: .88rem; color: var(--muted); font-weight: 600; }
.results a { overflow-wrap: anywhere; }
.job-error { color: var(--failed); font-size: .88rem; margin: .2rem 0 .4rem; }
.empty { text-align: center; color: var(--muted); padding: 2rem 1rem; margin: 0; }
.more { display: block; margin: .9rem auto 0; font: inherit; border: 1px solid var(--line);
  background: var(--panel); color: var(--text); border-radius: 8px; padding: .4rem 1.1rem; cursor: pointer; }
@media (prefers-reduced-motion: reduce) {
  *, *::before { animation: none !important; transition: none !important; }
}

@media (max-width: 720px) {
  .jobs thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .jobs, .jobs tbody, .jobs tr, .jobs td { display: block; width: 100%; }
  .jobs tbody { border-top: 1px solid var(--line); padding: .3rem 0; }
  .jobs tbody:first-of-type { border-top: 0; }
  .jobs tr.summary { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr));
    grid-template-areas: "job job status" "files files files" "folder submitted duration"; }
  .jobs td { border: 0; padding: .25rem .9rem; }
  .jobs td[data-label]::before { content: attr(data-label); display: block; font-size: .7rem;
    text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  .jobs td.c-job { grid-area: job; } .jobs td.c-status { grid-area: status; text-align: right; }
  .jobs td.c-files { grid-area: files; } .jobs td.c-folder { grid-area: folder; }
  .jobs td.c-submitted { grid-area: submitted; } .jobs td.c-duration { grid-area: duration; }
  .jobs td.c-status::before, .jobs td.c-job::before { display: none; }
  .first-error { max-width: none; }
  .file { grid-template-columns: minmax(0, 1fr) auto; }
  .file .bar { grid-column: 1 / -1; }
  .stats dd { font-size: 1rem; }
}
"""
