"""Serving a file already opened (by `safe_open`): its fd is what goes out, never a name reopened."""

from __future__ import annotations

import os
from email.utils import formatdate
from urllib.parse import quote

from anyio import to_thread
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

CHUNK = 64 * 1024


def content_disposition(filename: str, kind: str = "inline") -> str:
    """As Starlette's FileResponse words it: RFC 5987 `filename*` when the name is not plain ASCII."""
    quoted = quote(filename)
    if quoted != filename:
        return f"{kind}; filename*=utf-8''{quoted}"
    return f'{kind}; filename="{filename}"'


class OpenFileResponse(Response):
    """A 200 streaming the regular file open at `fd`; the response owns and closes the fd."""

    def __init__(self, fd: int, *, filename: str, media_type: str) -> None:
        self.fd = fd
        try:
            st = os.fstat(fd)
        except OSError:
            os.close(fd)
            raise
        self.size = st.st_size  # outputs are replaced by rename, never rewritten: this inode keeps its size
        self.status_code = 200
        self.media_type = media_type
        self.background = None
        self.init_headers(
            {
                "content-length": str(self.size),
                "last-modified": formatdate(st.st_mtime, usegmt=True),
                "content-disposition": content_disposition(filename),
            }
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            if scope["method"].upper() == "HEAD":
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            left = self.size
            while True:
                chunk = await to_thread.run_sync(os.read, self.fd, min(CHUNK, left)) if left > 0 else b""
                left -= len(chunk)
                done = not chunk or left <= 0
                await send({"type": "http.response.body", "body": chunk, "more_body": not done})
                if done:
                    return
        finally:
            os.close(self.fd)
