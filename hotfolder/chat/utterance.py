"""One utterance: its main tier record and the dependent tier records after it.

Reading never changes a byte. Writers (`set_bullet`, `set_tier`, `remove_tier`,
`set_wor`) rewrite only the record they touch; everything else stays as read.

New tiers go in a conventional order: %mor, then %gra, then %wor, each placed
after the last existing tier that comes before it in that order (right after
the main tier when there is none); any other new tier (%xtra...) goes after
the utterance's last tier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hotfolder.chat import words as word_lists
from hotfolder.chat.bullets import NAK, TIME_BULLET, format_bullet, parse_time_bullet
from hotfolder.chat.errors import ChatError, check_code
from hotfolder.chat.records import Record, RecordKind, count_breaks, label_name, split_label
from hotfolder.chat.render import render_tier, tier_problem
from hotfolder.chat.tokens import Token, TokenKind, split_annotation, tokenize
from hotfolder.chat.words import Word

TIER_ORDER = {"mor": 0, "gra": 1, "wor": 2}


class Host(Protocol):
    """What an utterance needs from its file (implemented by ChatFile)."""

    newline: str

    def _wraps(self) -> bool: ...

    def _is_ca(self) -> bool: ...

    def _fresh(self) -> None: ...

    def _replace(self, record: Record, text: str) -> None: ...

    def _insert(self, block: list[Record], position: int, body: str, kind: RecordKind) -> None: ...

    def _remove(self, block: list[Record], record: Record) -> None: ...


def tier_name(record: Record) -> str | None:
    return label_name(record.text)


def tier_content(record: Record) -> str:
    parts = split_label(record.body, RecordKind.TIER)
    return parts[2] if parts else record.body[1:]


class Utterance:
    __slots__ = ("_host", "_block", "_main", "_parts", "_tokens", "_mor", "_wor")

    def __init__(self, host: Host, block: list[Record]) -> None:
        self._host = host
        self._block = block  # the main tier record, then the dependent tiers: the file's own list
        self._main = block[0]
        self._parts: tuple[str, str, str] | None = None  # label, separator, content of the main tier
        self._tokens: list[Token] | None = None
        self._mor: list[Word] | None = None
        self._wor: list[Word] | None = None

    def __repr__(self) -> str:
        return f"Utterance(line={self.line}, {self._main.body!r})"

    # -- reading ---------------------------------------------------------------

    @property
    def records(self) -> list[Record]:
        """The main tier record followed by its dependent tier records."""
        self._host._fresh()
        return list(self._block)

    @property
    def line(self) -> int:
        self._host._fresh()
        return self._main.line

    def _split(self) -> tuple[str, str, str]:
        if self._parts is None:
            self._parts = self._split_main()
        return self._parts

    def _split_main(self) -> tuple[str, str, str]:
        body = self._main.body
        parts = split_label(body, RecordKind.MAIN)
        if parts is not None:
            return parts
        speaker, _, rest = body[1:].partition(" ")  # no colon: keep what is there readable
        return "*" + speaker, " ", rest

    @property
    def speaker(self) -> str:
        return self._split()[0][1:].rstrip(":")

    @property
    def main_text(self) -> str:
        """The main tier after `*SPK:` and its TAB, continuation breaks kept as in the file."""
        return self._split()[2]

    def line_of(self, offset: int) -> int:
        """The 1-based file line of an offset into `main_text` (tokens carry such offsets)."""
        label, sep, _content = self._split()
        return self.line + count_breaks(self._main.body[: len(label) + len(sep) + offset])

    @property
    def tokens(self) -> list[Token]:
        """The main tier's tokens (offsets into `main_text`); computed on first use."""
        return list(self._token_list())

    def _token_list(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokenize(self.main_text)
        return self._tokens

    def _tail(self) -> list[Token]:
        """Trailing tokens after the last word-level one: terminator, postcodes, bullets."""
        tokens = self._token_list()
        index = len(tokens)
        while index and tokens[index - 1].kind in (TokenKind.BULLET, TokenKind.ANNOTATION, TokenKind.TIMESTAMP):
            index -= 1
        if index and tokens[index - 1].kind is TokenKind.TERMINATOR:
            index -= 1
        return tokens[index:]

    @property
    def terminator(self) -> str | None:
        if self._tokens is None:  # a plain main tier needs no tokens for its end
            chunks = word_lists.plain_chunks(self.main_text)
            if chunks is not None:
                return word_lists.plain_terminator(chunks)
        tail = self._tail()
        return tail[0].text if tail and tail[0].kind is TokenKind.TERMINATOR else None

    @property
    def postcodes(self) -> list[str]:
        """Texts of the `[+ ...]` codes after the terminator: `[+ bch]` -> "bch"."""
        return [split_annotation(token.text)[1] for token in self._tail() if token.is_postcode]

    @property
    def language(self) -> str | None:
        """The `[- fra]` precode at the start of the utterance."""
        if "[- " not in self._main.text:  # no precode anywhere: no need for tokens
            return None
        for token in self._token_list():
            if token.kind is TokenKind.LINKER:
                continue
            return split_annotation(token.text)[1] if token.is_precode else None
        return None

    def _bullet_token(self) -> Token | None:
        for token in reversed(self._token_list()):
            if token.is_postcode:
                continue
            return token if token.kind in (TokenKind.BULLET, TokenKind.TIMESTAMP) else None
        return None

    @property
    def bullet(self) -> tuple[int, int] | None:
        """(start_ms, end_ms) of the bullet that ends the main tier; None without a valid one."""
        token = self._bullet_token()
        parsed = parse_time_bullet(token.text) if token and token.kind is TokenKind.BULLET else None
        return (parsed.start_ms, parsed.end_ms) if parsed else None

    @property
    def tiers(self) -> dict[str, str]:
        """Dependent tiers by name without `%` (`"mor"`), contents as in the file."""
        found: dict[str, str] = {}
        for record in self._block[1:]:
            name = tier_name(record)
            if name is not None and name not in found:
                found[name] = tier_content(record)
        return found

    def tier(self, name: str) -> str | None:
        record = self._tier_record(name)
        return tier_content(record) if record else None

    def mor_words(self) -> list[Word]:
        """The words %mor aligns with (see hotfolder.chat.words); separators included."""
        if self._mor is None:
            self._word_lists()
        return list(self._mor or ())

    def wor_words(self) -> list[Word]:
        """The spoken words %wor aligns with (see hotfolder.chat.words)."""
        if self._wor is None:
            self._word_lists()
        return list(self._wor or ())

    def _word_lists(self) -> None:
        ca = self._host._is_ca()
        simple = word_lists.simple_word_lists(self.main_text, ca=ca) if self._tokens is None else None
        if simple is not None:
            self._mor, self._wor = simple
        else:
            self._mor = word_lists.mor_words(self._token_list(), ca=ca)
            self._wor = word_lists.wor_words(self._token_list(), ca=ca)

    # -- writing ---------------------------------------------------------------

    def set_bullet(self, start_ms: int, end_ms: int) -> None:
        """Set or replace the bullet that ends the main tier (a `-` skip flag is kept)."""
        label, sep, content = self._split()
        if split_label(self._main.body, RecordKind.MAIN) is None:
            raise ChatError("main tier has no ':' after the speaker", self.line, check_code(2))
        if content.count(NAK) % 2:
            raise ChatError("main tier has an unmatched bullet delimiter", self.line, check_code(89))
        token = self._bullet_token()
        old = TIME_BULLET.fullmatch(token.text) if token and token.kind is TokenKind.BULLET else None
        skip = bool(old and old.group(3))
        new = format_bullet(start_ms, end_ms, skip=skip)
        if token is not None and (old is not None or token.kind is TokenKind.TIMESTAMP):
            content = content[: token.start] + new + content[token.end :]
        else:
            kept = content.rstrip()
            content = kept + (" " if kept else "") + new + content[len(kept) :]
        self._set_main(label + sep + content)

    def set_tier(self, name: str, content: str) -> None:
        """Create or replace `%name` (e.g. `set_tier("mor", "pron|I verb|go .")`)."""
        problem = tier_problem(name, content)
        if problem is not None:  # the line is looked up only now: numbering waits for a burst of writes to end
            message, code = problem
            raise ChatError(message, self.line, code)
        text = render_tier(f"%{name}:", content, wrap=self._host._wraps(), newline=self._host.newline)
        existing = self._tier_record(name)
        if existing is not None:
            self._host._replace(existing, text + existing.eol)
            return
        self._host._insert(self._block, self._position_for(name), text, RecordKind.TIER)

    def remove_tier(self, name: str) -> None:
        """Remove every `%name` tier of this utterance (nothing happens when there is none)."""
        for record in [r for r in self._block[1:] if tier_name(r) == name]:
            self._host._remove(self._block, record)

    def set_wor(self, words_with_bullets: Sequence[tuple[str, tuple[int, int] | None]]) -> None:
        """Write %wor: each word followed by its bullet, then the terminator (batchalign style)."""
        items = [] if self.language is None else [f"[- {self.language}]"]
        for word, times in words_with_bullets:
            if not word or any(char.isspace() or char in "\x15[]" for char in word):
                raise ChatError(f"%wor word {word!r} is empty or holds a space, bracket or bullet", self.line)
            items.append(word if times is None else f"{word} {format_bullet(*times)}")
        if self.terminator is not None:
            items.append(self.terminator)
        self.set_tier("wor", " ".join(items))

    # -- helpers ---------------------------------------------------------------

    def _tier_record(self, name: str) -> Record | None:
        return next((record for record in self._block[1:] if tier_name(record) == name), None)

    def _position_for(self, name: str) -> int:
        """Where a new `%name` goes in the block: after the last tier that comes before it."""
        block = self._block
        rank = TIER_ORDER.get(name)
        if rank is None:
            return len(block)
        position = 1
        for index in range(1, len(block)):
            other = TIER_ORDER.get(tier_name(block[index]) or "")
            if other is not None and other < rank:
                position = index + 1
        return position

    def _set_main(self, body: str) -> None:
        self._host._replace(self._main, body + self._main.eol)
        self._parts = None
        self._tokens = self._mor = self._wor = None
