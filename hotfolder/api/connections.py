"""uvicorn's HTTP protocol with a connection cap and a deadline for each request to arrive.

uvicorn keeps a connection that never sends a request open forever, and its keep-alive
timer restarts with every byte, so idle or trickling clients would each hold a file
descriptor of the daemon indefinitely. Here a connection past the cap is answered 503
and closed at once, and one that has not sent a whole request head within
`request_timeout_s` (after connecting, or after its last response) is closed.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from hotfolder.api.limits import ApiLimits


def overloaded(retry_after_s: int) -> bytes:
    body = b'{"detail":"too many connections; retry later"}'
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        f"Retry-After: {retry_after_s}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode() + body


class GuardedProtocol(HttpToolsProtocol):
    """Set by `guarded_protocol`: the limits this server runs with."""

    limits: ApiLimits
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            self.connections.discard(self)  # not counted: uvicorn's own 503 must not hit the others
            transport.write(overloaded(self.limits.retry_after_s))
            transport.close()  # the fd goes back as soon as the few bytes are sent
            return
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        waiting = bool(self.pipeline)  # a pipelined request starts now: its head is already in
        super().on_response_complete()
        if not waiting and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.limits.request_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def guarded_protocol(limits: ApiLimits) -> type[GuardedProtocol]:
    """A protocol class for `uvicorn.Config(http=...)` enforcing `limits`."""
    return type("LimitedHttpProtocol", (GuardedProtocol,), {"limits": limits})
