"""The words align times and writes to %wor, by batchalign's rules for its Wor domain.

Every spoken word, retraced ones (`[/] [//]`) and fillers (`&-um` -> `um`)
included; a word with a replacement (`gonna [: going to]`) counts as the
replacement's words, as batchalign writes them. Left out: nonwords `&~`,
fragments `&+`, `xxx yyy www`, omissions `0w`, events and pauses. Each word is
its cleaned text: no form marker (`cookie@f` -> `cookie`), lengthening
(`ba:nana` -> `banana`) or shortening parentheses (`(be)cause` -> `because`).
"""

from __future__ import annotations

from hotfolder.chat import ChatFile, Utterance, Word
from hotfolder.chat.tokens import TokenKind
from hotfolder.chat.words import _SPOKEN, _make_word, _replacement_words, _scopes


def is_ca(chat: ChatFile) -> bool:
    """CA transcripts (`@Options: CA...`) read some characters differently."""
    return any(option.upper().startswith("CA") for option in chat.options)


def align_words(utterance: Utterance, ca: bool) -> list[Word]:
    """The utterance's Wor-domain words, in order."""
    if "[:" not in utterance.main_text:  # no replacement: the chat layer's spoken words are the same list
        return utterance.wor_words()
    tokens = utterance.tokens
    _, replacements = _scopes(tokens)
    out: list[Word] = []
    for index, token in enumerate(tokens):
        if token.kind is not TokenKind.WORD:
            continue
        replacement = replacements.get(index)
        if replacement is not None:
            out.extend(_replacement_words(replacement, token.text, ca))
            continue
        word = _make_word(token.text, ca)
        if word is not None and word.category in _SPOKEN:
            out.append(word)
    return out
