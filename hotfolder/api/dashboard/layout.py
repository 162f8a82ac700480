"""The dashboard's HTML: hot folders, then the jobs table; the script fills both in."""

from __future__ import annotations

from hotfolder.api.dashboard.page import Page

BODY = """<header class="top">
  <div class="brand"><span class="logo" aria-hidden="true"></span><h1>hotfolder</h1>
    <span id="node" class="muted"></span></div>
  <div class="conn" role="status"><span id="conn-dot" class="dot" aria-hidden="true"></span>
    <span id="conn-text">Connecting…</span></div>
</header>
<main>
  <div id="banner" class="banner" role="alert" hidden></div>
  <section aria-labelledby="folders-title">
    <h2 id="folders-title">Hot folders</h2>
    <ul id="folders" class="folders"><li class="folder muted">Loading…</li></ul>
  </section>
  <section aria-labelledby="jobs-title">
    <div class="section-head">
      <h2 id="jobs-title">Jobs</h2>
      <div id="filters" class="filters" role="group" aria-label="Show jobs by status"></div>
    </div>
    <div class="table-wrap">
      <table id="jobs" class="jobs">
        <caption class="sr-only">Jobs, newest first; open a job to see its files, errors and results</caption>
        <thead><tr><th scope="col">Job</th><th scope="col">Folder</th><th scope="col">Status</th>
          <th scope="col">Files</th><th scope="col">Submitted</th><th scope="col">Duration</th></tr></thead>
      </table>
      <p id="empty" class="empty" hidden>No jobs yet: drop files into a hot folder's inbox.</p>
    </div>
    <button id="more" class="more" type="button" hidden>Show more jobs</button>
  </section>
</main>
<div id="announce" class="sr-only" aria-live="polite"></div>"""

# live.js starts the page with what base.js and render.js define, so it comes last.
DASHBOARD_PAGE = Page(
    title="hotfolder", body=BODY, stylesheets=("dashboard.css",), scripts=("base.js", "render.js", "live.js")
)
