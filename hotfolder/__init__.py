"""hotfolder: hot-folder daemon for CHAT transcripts and recordings."""

__version__ = "0.1.0"
