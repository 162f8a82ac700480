"""Removing the temporaries a killed daemon left in its folders (`.hf-tmp-*`, see outbox.atomic).

Only the daemon writes these, and only while it runs, so at start every one found is
an orphan of a write that never finished. Links are not followed.
"""

from __future__ import annotations

import os
from pathlib import Path

from hotfolder.outbox.atomic import TEMP_PREFIX


def sweep_temporaries(root: Path) -> int:
    """Delete every `.hf-tmp-*` file below `root`; the number removed."""
    removed = 0
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for name in names:
            if name.startswith(TEMP_PREFIX):
                try:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
                except OSError:
                    pass  # a read-only share: harmless, the watcher ignores `.hf-*`
    return removed
