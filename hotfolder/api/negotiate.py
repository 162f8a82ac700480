"""Whether a result is wanted as batchalign3's `FileResult` JSON (the default) or as the file's own bytes.

batchalign3's clients fetch with `Accept: */*` or `application/json` (or none) and read
JSON. A browser following a link asks for `text/html` first, and `?raw=1` asks plainly
(`curl -O`); both get the bytes. `?raw=0` forces JSON whatever `Accept` says.
"""

from __future__ import annotations

from hotfolder.api.errors import BadRequest

_JSON = frozenset({"application/json", "application/*"})


def accept_ranges(header: str) -> list[tuple[str, float]]:
    """(media range, q) of an `Accept` header, in order; a malformed q counts as 0."""
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def wants_raw(raw: str | None, accept: str | None) -> bool:
    """Raw bytes for `?raw=1`, JSON for `?raw=0`; else raw only when `Accept` prefers a named non-JSON type.

    Raises BadRequest for a `raw` other than 0 or 1.
    """
    if raw is not None:
        if raw not in ("0", "1"):
            raise BadRequest(f"raw must be 0 (FileResult JSON) or 1 (the file itself), not {raw!r}")
        return raw == "1"
    if not accept:
        return False
    ranges = [(media, q) for media, q in accept_ranges(accept) if q > 0]
    json_q = max((q for media, q in ranges if media in _JSON or media == "*/*"), default=0.0)
    named_q = max((q for media, q in ranges if media not in _JSON and media != "*/*"), default=0.0)
    return named_q > json_q or (named_q > 0 and json_q == 0)
