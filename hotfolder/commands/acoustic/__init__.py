"""The acoustic commands' parts: `opensmile` feature tables and the `avqi` voice quality index.

The command modules (`hotfolder.commands.opensmile`, `hotfolder.commands.avqi`)
stay light for the daemon; opensmile (with pandas) and parselmouth are
imported only by the engines, in the workers.
"""
