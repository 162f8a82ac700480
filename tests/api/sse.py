"""A small server-sent-events client over http.client, for tests against a real server."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    name: str  # "" for a comment
    data: Any
    comment: str = ""


def parse_events(text: str) -> list[Event]:
    """Every event and comment in a whole stream body."""
    return [event for block in text.split("\n\n") if block.strip() for event in [parse_block(block)]]


def parse_block(block: str) -> Event:
    name, data, comment = "message", [], ""
    for line in block.splitlines():
        if line.startswith(":"):
            comment = line[1:].strip()
        else:
            field, _, value = line.partition(": ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
    if not data:
        return Event("", None, comment)
    return Event(name, json.loads("\n".join(data)))


class SseClient:
    """GET `path` on 127.0.0.1:`port` and read its events one at a time."""

    def __init__(
        self, port: int, path: str, timeout: float = 10.0, headers: dict[str, str] | None = None
    ) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.conn.request("GET", path, headers=headers or {})
        self.response = self.conn.getresponse()

    def next(self) -> Event | None:
        """The next event or comment; None once the server has ended the stream."""
        lines: list[str] = []
        while True:
            raw = self.response.readline()
            if not raw:
                return parse_block("\n".join(lines)) if lines else None
            line = raw.decode().rstrip("\r\n")
            if line == "" and lines:
                return parse_block("\n".join(lines))
            if line:
                lines.append(line)

    def rest(self) -> list[Event]:
        """Every event until the server ends the stream."""
        events = []
        while (event := self.next()) is not None:
            events.append(event)
        return events

    def close(self) -> None:
        self.conn.close()
