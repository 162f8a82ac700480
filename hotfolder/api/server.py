"""Serving the API with uvicorn in a thread of the daemon."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp

from hotfolder.api.connections import guarded_protocol
from hotfolder.api.limits import DEFAULT_LIMITS, ApiLimits
from hotfolder.api.ws import MAX_MESSAGE
from hotfolder.errors import HotfolderError

_POLL_S = 0.01


class ApiServerError(HotfolderError):
    """The API server could not start (port taken, unknown host...)."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        self.host = host
        self.port = port
        self.reason = reason
        super().__init__(f"the HTTP API could not listen on {host}:{port}: {reason}")


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket; raises ApiServerError (uvicorn would sys.exit in its thread)."""
    try:
        family, *_ = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise ApiServerError(host, port, exc.strerror or str(exc)) from exc


class ApiServer:
    """A uvicorn server in a daemon thread: start(), wait_started(timeout), stop()."""

    def __init__(self, app: ASGIApp, host: str, port: int, limits: ApiLimits = DEFAULT_LIMITS) -> None:
        self.host = host
        self.requested_port = port
        self.limits = limits
        # The daemon owns logging: no uvicorn logging config, no access log, no lifespan.
        # Bounded clients (see hotfolder.api.limits): the API's descriptors never starve the daemon.
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            lifespan="off",
            http=guarded_protocol(limits),
            # uvicorn answers 503 from its limit on: past the connection cap the protocol has
            # already closed the connection, so its limit only bounds the requests in flight.
            limit_concurrency=limits.max_connections + 1,
            backlog=limits.backlog,
            timeout_keep_alive=limits.keep_alive_s,
            # `/ws`: the websockets package (a dependency); a client only ever sends "ping".
            ws="websockets-sansio",
            ws_max_size=MAX_MESSAGE,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, name="hotfolder-api", daemon=True)
        self._socket: socket.socket | None = None

    def _run(self) -> None:
        assert self._socket is not None  # start() binds before the thread runs
        # On SystemExit uvicorn has logged why; wait_started() reports the dead thread.
        with contextlib.suppress(SystemExit):
            self.server.run(sockets=[self._socket])

    def start(self) -> None:
        """Bind the socket (raising ApiServerError now if that fails) and start serving."""
        self._socket = listen(self.host, self.requested_port)
        self.thread.start()

    def wait_started(self, timeout: float) -> None:
        """Return once uvicorn serves; raise ApiServerError if it stops or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise ApiServerError(self.host, self.requested_port, "the server exited (see the log)")
            if time.monotonic() >= deadline:
                raise ApiServerError(self.host, self.requested_port, f"not serving after {timeout} s")
            self.thread.join(_POLL_S)

    @property
    def port(self) -> int:
        """The bound port (the real one when 0 was asked for); valid once started."""
        sockets = self.server.servers[0].sockets
        port: int = sockets[0].getsockname()[1]
        return port

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to finish and wait for its thread; the socket is closed either way."""
        self.server.should_exit = True
        if self.thread.is_alive():
            self.thread.join(timeout)
        if self._socket is not None:
            self._socket.close()


def serve_in_thread(app: ASGIApp, host: str, port: int, limits: ApiLimits = DEFAULT_LIMITS) -> ApiServer:
    """Start serving `app` on host:port in a background thread; then call wait_started()."""
    server = ApiServer(app, host, port, limits)
    server.start()
    return server
