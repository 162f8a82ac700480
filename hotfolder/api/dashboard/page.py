"""A self-contained HTML page (inline CSS and JS) with the security headers that fit it."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html import escape


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline block."""
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@dataclass(frozen=True)
class Page:
    """`body` is HTML with `{name}` slots filled (escaped) by `render()`; `style`/`script` are inline."""

    title: str
    body: str
    style: str
    script: str = ""
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        # Only these inline blocks may run or style: an injected <script> or style attribute
        # would not, and nothing is loaded from anywhere else.
        scripts = csp_hash(self.script) if self.script else "'none'"
        policy = (
            f"default-src 'none'; style-src {csp_hash(self.style)}; script-src {scripts}; "
            "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'"
        )
        headers = {
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        }
        object.__setattr__(self, "headers", headers)

    def render(self, **slots: str) -> str:
        """The whole document, each slot's text HTML-escaped."""
        body = self.body.format(**{name: escape(value) for name, value in slots.items()})
        script = f"<script>{self.script}</script>\n" if self.script else ""
        return (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="color-scheme" content="light dark">\n'
            f"<title>{escape(self.title)}</title>\n<style>{self.style}</style>\n</head>\n"
            f"<body>\n{body}\n{script}</body>\n</html>\n"
        )
