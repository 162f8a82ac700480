"""The acoustic commands' parts: `opensmile` feature tables and the `avqi` voice quality index.

The command modules (`hotfolder.commands.opensmile`, `hotfolder.commands.avqi`)
stay light for the daemon; opensmile (with pandas) and parselmouth are
imported only by the engines, in the workers.
"""

from collections.abc import Callable
from importlib.machinery import ModuleSpec

# How the commands look up an installed package (`importlib.util.find_spec`; a stand-in in tests).
FindSpec = Callable[[str], ModuleSpec | None]
