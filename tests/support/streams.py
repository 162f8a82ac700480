"""Raw sockets against a daemon: event streams held open and the daemon's open descriptors."""

from __future__ import annotations

import os
import socket


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def open_stream(port: int, job_id: str, opened: list[socket.socket]) -> bytes:
    """A stream request on its own socket (kept open in `opened`); the response head (b"" if closed at once)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    opened.append(sock)
    sock.sendall(f"GET /jobs/{job_id}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = b""
    try:
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    except OSError:  # reset or timed out: the head so far says what the server answered
        pass
    return head
