"""The page `/` answers with (401) when a token is configured and the browser has not given it."""

from __future__ import annotations

from hotfolder.api.dashboard.page import Page
from hotfolder.api.dashboard.style import STYLE

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

_LOGIN_STYLE = (
    STYLE
    + """
.login { max-width: 26rem; margin: 12vh auto; background: var(--panel); border: 1px solid var(--line);
  border-radius: var(--radius); padding: 1.5rem; box-shadow: var(--shadow); }
.login h1 { margin: 0 0 1rem; font-size: 1.3rem; }
.login input { width: 100%; font: inherit; padding: .5rem .6rem; border-radius: 8px;
  border: 1px solid var(--line); background: var(--bg); color: var(--text); }
.login .more { margin: .9rem 0 0; }
"""
)


class LoginPage:
    """The token form; `wrong` says a token was given and was not the right one."""

    def __init__(self) -> None:
        self.page = Page(title="hotfolder: sign in", body=_BODY, style=_LOGIN_STYLE)
        self.headers = {**self.page.headers, "WWW-Authenticate": 'Bearer realm="hotfolder"'}

    def render(self, *, wrong: bool) -> str:
        return self.page.render(message="That token is not the right one." if wrong else "")


LOGIN_PAGE = LoginPage()
