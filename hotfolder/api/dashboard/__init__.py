"""The `/` dashboard: one self-contained page (inline CSS and JS, nothing fetched from elsewhere)."""

from hotfolder.api.dashboard.layout import DASHBOARD_PAGE

__all__ = ["DASHBOARD_PAGE"]
