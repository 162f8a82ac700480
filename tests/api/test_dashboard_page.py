"""`/`: the dashboard page, its own stylesheet and scripts from `/static/`, its security headers, signing in."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from httpx import Response
from starlette.testclient import TestClient

from hotfolder.api.dashboard.page import csp_hash
from hotfolder.api.middleware.auth import COOKIE

from .conftest import Ledger, MakeClient


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of inline scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.inline[self._open] = self.inline.get(self._open, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def linked(tags: Tags) -> tuple[list[str], list[str]]:
    """The page's stylesheet links and script sources, in document order."""
    styles = [str(attrs["href"]) for tag, attrs in tags.tags if tag == "link" and attrs.get("rel") == "stylesheet"]
    scripts = [str(attrs["src"]) for tag, attrs in tags.tags if tag == "script"]
    return styles, scripts


def assets(client: TestClient) -> tuple[str, str]:
    """The text of the page's stylesheets and of its scripts, each joined in order, as the browser gets them."""
    styles, scripts = linked(parsed(client.get("/").text))
    return "".join(client.get(url).text for url in styles), "".join(client.get(url).text for url in scripts)


def policy_of(response: Response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))


def test_page_loads_only_its_own_files(client: TestClient) -> None:
    response = client.get("/")
    tags = parsed(response.text)
    styles, scripts = linked(tags)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    # Its stylesheet and scripts come from the server itself; nothing inline, nothing from elsewhere.
    assert styles == ["/static/dashboard.css"]
    assert scripts == ["/static/base.js", "/static/render.js", "/static/live.js"]
    assert not tags.inline
    assert [attrs for _, attrs in tags.tags if "src" in attrs or "href" in attrs] == [
        {"rel": "stylesheet", "href": url} for url in styles
    ] + [{"src": url} for url in scripts]
    for url, kind in [(url, "text/css") for url in styles] + [(url, "javascript") for url in scripts]:
        asset = client.get(url)
        assert asset.status_code == 200 and kind in asset.headers["content-type"], url
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert asset.headers["cache-control"] == "no-cache" and asset.headers["etag"]
        assert not re.search(r"https?://", asset.text), url
    assert not re.search(r"https?://", response.text)
    assert client.get("/static/nothing.js").status_code == 404


def test_only_its_own_files_may_run(client: TestClient) -> None:
    response = client.get("/")
    policy = policy_of(response)

    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_page_is_accessible_and_fits_a_phone(client: TestClient) -> None:
    text = client.get("/").text
    tags = parsed(text)
    attrs_of = [attrs for _, attrs in tags.tags]

    assert ("html", {"lang": "en"}) in tags.tags
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in attrs_of
    assert [tag for tag, _ in tags.tags].count("h1") == 1
    headers = [attrs for tag, attrs in tags.tags if tag == "th"]
    assert len(headers) == 6 and all(h == {"scope": "col"} for h in headers)
    assert "<caption" in text and 'aria-live="polite"' in text
    style, script = assets(client)
    assert "@media (max-width: 720px)" in style
    # Data from the ledger is set as text, never parsed as HTML.
    assert "innerHTML" not in script


def test_page_follows_the_stream_and_polls(client: TestClient) -> None:
    _, script = assets(client)

    assert 'new EventSource("/jobs/"' in script
    for event in ("snapshot", "file_update", "job_update", "complete"):
        assert f'"{event}"' in script
    assert 'getJSON("/health")' in script and '"/jobs?limit="' in script


def test_token_form_then_cookie(ledger: Ledger, make_client: MakeClient) -> None:
    job = ledger.job(status="completed")
    client = make_client(token="s3cret")

    asked = client.get("/")
    wrong = client.get("/?token=nope")
    script_without = client.get("/static/live.js")
    signed_in = client.get("/?token=s3cret", follow_redirects=False)
    cookie = signed_in.cookies.get(COOKIE)
    # From here on the client sends the cookie it was given, as a browser does.
    with_cookie = client.get("/")
    script = client.get("/static/live.js")
    jobs = client.get("/jobs")
    stream = client.get(f"/jobs/{job}/stream")

    assert asked.status_code == 401 and asked.headers["content-type"].startswith("text/html")
    assert asked.headers["www-authenticate"] == 'Bearer realm="hotfolder"'
    assert 'name="token"' in asked.text and "not the right one" not in asked.text
    # The token form is styled inline (the browser may fetch nothing else yet), and only that style may apply.
    form = parsed(asked.text)
    assert linked(form) == ([], []) and ".login" in form.inline["style"] and ":root" in form.inline["style"]
    assert policy_of(asked)["style-src"] == csp_hash(form.inline["style"]) and policy_of(asked)["script-src"] == "'none'"
    # The page's files are behind the token like every other path; the cookie carries it.
    assert script_without.status_code == 401
    assert wrong.status_code == 401 and "not the right one" in wrong.text
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
    set_cookie = signed_in.headers["set-cookie"].lower()
    assert cookie == "s3cret" and "httponly" in set_cookie and "samesite=strict" in set_cookie
    assert with_cookie.status_code == 200 and "<table" in with_cookie.text
    assert script.status_code == 200 and "EventSource" in script.text
    assert jobs.status_code == 200 and jobs.json()[0]["job_id"] == job
    assert stream.status_code == 200 and "event: complete" in stream.text


def test_token_in_the_query_is_for_the_dashboard_only(ledger: Ledger, make_client: MakeClient) -> None:
    client = make_client(token="s3cret")

    jobs = client.get("/jobs?token=s3cret")
    wrong_cookie = client.get("/jobs", headers={"Cookie": f"{COOKIE}=nope"})
    header = client.get("/jobs", headers={"Authorization": "Bearer s3cret"})

    assert jobs.status_code == 401 and jobs.json() == {"detail": "missing bearer token"}
    assert wrong_cookie.status_code == 401 and wrong_cookie.json() == {"detail": "invalid bearer token"}
    assert header.status_code == 200


def test_a_token_with_cookie_unsafe_characters(make_client: MakeClient) -> None:
    token = 'a "quoted"; token, with=signs'
    client = make_client(token=token)

    signed_in = client.get("/", params={"token": token}, follow_redirects=False)
    again = client.get("/")  # the client keeps the cookie it was given

    assert signed_in.status_code == 303
    assert again.status_code == 200


def test_without_a_token_the_query_is_ignored(client: TestClient) -> None:
    response = client.get("/?token=anything", follow_redirects=False)

    assert response.status_code == 200 and "set-cookie" not in response.headers
