"""The dashboard's stylesheets and scripts: package files in `static/`, served at `/static/`.

Files, not Python strings, so they are edited and linted as CSS and JavaScript.
They are served behind the same token as every other path (the page that loads
them needed it too); the token form inlines its stylesheet, since it is shown to
a browser that has no token yet.
"""

from __future__ import annotations

import os
from importlib.resources import files

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

PACKAGE = "hotfolder.api.dashboard"
FOLDER = "static"
URL = "/static"

# Revalidated on every load (ETag), so a page never runs a script older than the server.
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


def asset_url(name: str) -> str:
    return f"{URL}/{name}"


def read_asset(name: str) -> str:
    """A file of `static/` as text, read through the package (wherever it is installed)."""
    return (files(PACKAGE) / FOLDER / name).read_text(encoding="utf-8")


class Assets(StaticFiles):
    """The package's `static/` folder, each file with HEADERS."""

    def __init__(self) -> None:
        super().__init__(packages=[(PACKAGE, FOLDER)])

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(HEADERS)
        return response
