"""Where each key of a YAML document stands, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]


@dataclass
class KeyLines:
    """1-based line of every mapping key and sequence item, by pydantic-style location."""

    lines: dict[Loc, int] = field(default_factory=dict)
    # (location, line, line of the first occurrence) of each key given twice in one mapping.
    duplicates: list[tuple[Loc, int, int]] = field(default_factory=list)
    visited: int = 0  # nodes walked, aliases counted every time they are used

    def line_for(self, loc: Loc) -> int | None:
        """The line of `loc`, else of its nearest ancestor that appears in the file."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return None


class AliasLoop(Exception):
    """An alias inside the node it names (`&a [*a]`): the data would contain itself."""

    def __init__(self, loc: Loc, line: int) -> None:
        self.loc = loc
        self.line = line
        super().__init__(f"alias loop at {loc} (line {line})")


class TooManyNodes(Exception):
    """More nodes than allowed once aliases are expanded (a "billion laughs" document)."""

    def __init__(self, limit: int, line: int) -> None:
        self.limit = limit
        self.line = line
        super().__init__(f"more than {limit} nodes (line {line})")


def index_lines(root: Node, max_nodes: int = 1_000_000) -> KeyLines:
    """Walk a composed (not yet constructed) YAML node tree and record where each key stands.

    Walk before constructing: the constructor folds `<<` merge keys into the
    node in place, which would look like duplicate keys. Raises AliasLoop or
    TooManyNodes, so nothing after it walks a cyclic or exploding tree.
    """
    index = KeyLines(lines={(): root.start_mark.line + 1})
    _walk(root, (), index, set(), max_nodes)
    return index


def _walk(node: Node, loc: Loc, index: KeyLines, ancestors: set[int], max_nodes: int) -> None:
    line = node.start_mark.line + 1
    if id(node) in ancestors:  # the line of the key or item holding the alias, not of its anchor
        raise AliasLoop(loc, index.lines.get(loc, line))
    index.visited += 1
    if index.visited > max_nodes:
        raise TooManyNodes(max_nodes, line)
    ancestors = ancestors | {id(node)}
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            child = (*loc, key_node.value)
            line = key_node.start_mark.line + 1
            if child in index.lines:
                index.duplicates.append((child, line, index.lines[child]))
                continue
            index.lines[child] = line
            _walk(value_node, child, index, ancestors, max_nodes)
    elif isinstance(node, SequenceNode):
        for position, item in enumerate(node.value):
            child = (*loc, position)
            index.lines[child] = item.start_mark.line + 1
            _walk(item, child, index, ancestors, max_nodes)
