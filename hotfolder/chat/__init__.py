"""Lossless CHAT reading and writing, word lists per CHAT rules, CLAN CHECK validation.

    chat = hotfolder.chat.load("x.cha")      # or loads(text) / from_bytes(data)
    for utt in chat.utterances:
        utt.set_tier("mor", tag(utt.mor_words()))
    chat.set_provenance("morphotag", {"engine": "spacy"}, now)
    hotfolder.chat.dump(chat, "out.cha")     # only the written tiers changed
"""

from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatError, ChatIssue
from hotfolder.chat.headers import Header, IdFields, MediaInfo, Participant
from hotfolder.chat.io import dump, dumps, from_bytes, load, loads, to_bytes
from hotfolder.chat.provenance import ProvenanceEntry
from hotfolder.chat.tokens import Token, TokenKind
from hotfolder.chat.utterance import Utterance
from hotfolder.chat.validate import validate
from hotfolder.chat.words import Word, WordCategory

__all__ = [
    "ChatError",
    "ChatFile",
    "ChatIssue",
    "Header",
    "IdFields",
    "MediaInfo",
    "Participant",
    "ProvenanceEntry",
    "Token",
    "TokenKind",
    "Utterance",
    "Word",
    "WordCategory",
    "dump",
    "dumps",
    "from_bytes",
    "load",
    "loads",
    "to_bytes",
    "validate",
]
