"""The `/` dashboard: one page, with its stylesheet and scripts as package files served at `/static/`."""

from hotfolder.api.dashboard.layout import DASHBOARD_PAGE

__all__ = ["DASHBOARD_PAGE"]
