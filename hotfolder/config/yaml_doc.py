"""The one YAML reader of configuration files and job tickets: safe, bounded, lines kept.

A YAML file is user input: an alias that contains itself (`&a [*a]`) would
loop whoever walks the data, and aliases of aliases ("billion laughs") expand
to millions of nodes from a few lines. Both are refused here, with the line,
before anything is built from the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import Node

from hotfolder.config.messages import dotted
from hotfolder.config.yaml_lines import AliasLoop, KeyLines, TooManyNodes, index_lines
from hotfolder.errors import ConfigError

# Far above any real configuration or ticket, far below what hurts to walk.
MAX_NODES = 100_000


@dataclass(frozen=True)
class YamlDocument:
    root: Node | None  # None for a stream with no document
    keys: KeyLines
    data: Any


def parse_yaml(source: str, text: str, *, max_nodes: int = MAX_NODES) -> YamlDocument:
    """Compose, check and construct the single document in `text`.

    Raises ConfigError for an alias loop, too many (expanded) nodes or nesting
    too deep; syntax problems stay `yaml.YAMLError`, each caller words them.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(None, KeyLines(), None)
        keys = index_lines(root, max_nodes)  # before constructing, which rewrites merge keys in the tree
        return YamlDocument(root, keys, loader.construct_document(root))
    except AliasLoop as loop:
        raise ConfigError(
            source, "an alias refers to the node that contains it (an endless loop)", key=dotted(loop.loc) or None, line=loop.line
        ) from None
    except TooManyNodes as many:
        raise ConfigError(source, f"more than {many.limit} values once aliases are expanded", line=many.line) from None
    except RecursionError:
        raise ConfigError(source, "nested too deeply") from None
    finally:
        loader.dispose()
