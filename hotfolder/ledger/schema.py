"""The ledger's tables, as an ordered list of migrations (never edit one that has shipped)."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: jobs, files, inputs, attempts, events, memory budgets.
    """
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,              -- uuid4
        folder TEXT NOT NULL,             -- hot folder name
        bundle TEXT NOT NULL,             -- bundle display name (file stem or folder name)
        bundle_kind TEXT NOT NULL,        -- 'file' | 'folder'
        command TEXT NOT NULL,
        lang TEXT NOT NULL,
        options TEXT NOT NULL,            -- JSON object
        status TEXT NOT NULL,             -- queued|running|completed|failed|cancelled|interrupted
        error TEXT,                       -- job-level message
        submitted_at REAL NOT NULL,       -- unix seconds (wall clock, for people)
        started_at REAL,
        completed_at REAL,
        next_eligible_at REAL,            -- deferred (memory gate) until then
        outbox_dir TEXT NOT NULL,         -- where this job's results go
        failed_dir TEXT NOT NULL,         -- where failed inputs go
        staging_dir TEXT NOT NULL,        -- daemon-owned copies of the inputs
        released INTEGER NOT NULL DEFAULT 0,  -- inbox originals deleted/archived
        receipt_written INTEGER NOT NULL DEFAULT 0,
        node_id TEXT NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX jobs_status ON jobs(status, submitted_at DESC);
    CREATE INDEX jobs_submitted ON jobs(submitted_at DESC);
    CREATE INDEX jobs_unreleased ON jobs(released, status);

    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id),
        filename TEXT NOT NULL,           -- display path within the bundle's inbox parent
        status TEXT NOT NULL,             -- queued|processing|done|error
        error TEXT,
        error_category TEXT,              -- FailureCategory
        error_codes TEXT,                 -- JSON list of CHAT codes
        error_line INTEGER,
        bug_report_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        progress_stage TEXT,
        progress_current INTEGER,
        progress_total INTEGER,
        next_eligible_at REAL,
        started_at REAL,
        finished_at REAL,
        outputs TEXT,                     -- JSON list of display paths under outbox_dir
        notes TEXT,                       -- JSON object: engines, receipt extras
        UNIQUE (job_id, filename)
    );
    CREATE INDEX files_job ON files(job_id);
    CREATE INDEX files_status ON files(status);

    CREATE TABLE inputs (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id),
        folder TEXT NOT NULL,
        path TEXT NOT NULL,               -- absolute inbox path of the original
        display_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        inode INTEGER NOT NULL,
        sha256 TEXT,
        staged_path TEXT
    );
    CREATE INDEX inputs_path ON inputs(folder, path);
    CREATE INDEX inputs_job ON inputs(job_id);

    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        job_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        started_at REAL NOT NULL,
        finished_at REAL,
        outcome TEXT,                     -- done|error|retry|cancelled|interrupted
        category TEXT,
        worker_pid INTEGER,
        peak_rss_mb REAL
    );
    CREATE INDEX attempts_file ON attempts(file_id);

    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        ts REAL NOT NULL,
        job_id TEXT,
        file_id INTEGER,
        kind TEXT NOT NULL,               -- job_update|file_update|...
        data TEXT                         -- JSON
    );
    CREATE INDEX events_job ON events(job_id, id);

    CREATE TABLE memory_budgets (
        command TEXT PRIMARY KEY,
        peak_rss_mb REAL NOT NULL,
        samples INTEGER NOT NULL,
        updated_at REAL NOT NULL
    );
    """,
    # 2: operators' requests (cancel, restart), recorded by the CLI and applied by the daemon.
    """
    CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id),
        kind TEXT NOT NULL,               -- cancel|restart
        requested_at REAL NOT NULL,
        applied_at REAL,                  -- when the ledger change was made (NULL: pending)
        error TEXT                        -- why it could not be made (the job had moved on)
    );
    CREATE INDEX requests_pending ON requests(id) WHERE applied_at IS NULL;
    """,
)
