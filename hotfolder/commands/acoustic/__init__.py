"""What the acoustic commands (`opensmile`, `avqi`) share: which files they take, one outcome per file.

Each command's own parts live in its package (`commands/opensmile/`,
`commands/avqi/`); the command modules stay light for the daemon, and
opensmile (with pandas) and parselmouth are imported only by the engines,
in the workers.
"""

from collections.abc import Callable
from importlib.machinery import ModuleSpec

# How the commands look up an installed package (`importlib.util.find_spec`; a stand-in in tests).
FindSpec = Callable[[str], ModuleSpec | None]
