"""The page `/` answers with (401) when a token is configured and the browser has not given it."""

from __future__ import annotations

from hotfolder.api.dashboard.assets import read_asset
from hotfolder.api.dashboard.page import Page

_BODY = """<main class="login">
  <h1>hotfolder</h1>
  <form method="get" action="/">
    <label for="token">This dashboard needs the API token (<span class="mono">api.token</span>
      in the server's configuration).</label>
    <p class="job-error" role="alert">{message}</p>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
    <button class="more" type="submit">Open the dashboard</button>
  </form>
</main>"""

# Inline: the browser has no token yet, so it may fetch nothing from the server but this page.
_LOGIN_STYLE = read_asset("dashboard.css") + read_asset("login.css")


class LoginPage:
    """The token form; `wrong` says a token was given and was not the right one."""

    def __init__(self) -> None:
        self.page = Page(title="hotfolder: sign in", body=_BODY, style=_LOGIN_STYLE)
        self.headers = {**self.page.headers, "WWW-Authenticate": 'Bearer realm="hotfolder"'}

    def render(self, *, wrong: bool) -> str:
        return self.page.render(message="That token is not the right one." if wrong else "")


LOGIN_PAGE = LoginPage()
