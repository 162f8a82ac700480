"""The dashboard's script: polls /health and /jobs, follows active jobs over /jobs/{id}/stream.

Everything is built with DOM calls and textContent (never innerHTML), so file names
and error messages are shown as text whatever they contain. A browser opens only
a few connections per server, so at most MAX_STREAMS jobs are followed live; the
others are refreshed with the periodic poll. One inline script, in three parts.
"""

from hotfolder.api.dashboard.script_base import BASE
from hotfolder.api.dashboard.script_live import LIVE
from hotfolder.api.dashboard.script_render import RENDER

SCRIPT = "\n".join((BASE, RENDER, LIVE)) + "\n"
