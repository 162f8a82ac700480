"""An HTML page with the security headers that fit it: its own stylesheets and scripts, nothing else."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html import escape

from hotfolder.api.dashboard.assets import asset_url

NONE = "'none'"


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline block."""
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@dataclass(frozen=True)
class Page:
    """`body` is HTML with `{name}` slots filled (escaped) by `render()`.

    `stylesheets` and `scripts` name files of the package's `static/` folder, loaded
    in order; `style` is an inline stylesheet, for a page that must show before
    the browser may fetch anything else (the token form).
    """

    title: str
    body: str
    stylesheets: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    style: str = ""
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        # Only the server's own files, or this exact inline stylesheet, may run or style: an
        # injected <script> or style attribute would not, and nothing is loaded from elsewhere.
        styles = (["'self'"] if self.stylesheets else []) + ([csp_hash(self.style)] if self.style else [])
        scripts = "'self'" if self.scripts else NONE
        policy = (
            f"default-src 'none'; style-src {' '.join(styles) or NONE}; script-src {scripts}; "
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
        links = "".join(f'<link rel="stylesheet" href="{asset_url(name)}">\n' for name in self.stylesheets)
        style = f"<style>{self.style}</style>\n" if self.style else ""
        scripts = "".join(f'<script src="{asset_url(name)}"></script>\n' for name in self.scripts)
        return (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="color-scheme" content="light dark">\n'
            f"<title>{escape(self.title)}</title>\n{links}{style}</head>\n"
            f"<body>\n{body}\n{scripts}</body>\n</html>\n"
        )
