"""The model a command works with: headers, participants, @ID, utterances, tiers and tokens."""

from __future__ import annotations

import hotfolder.chat as chat
from hotfolder.chat import TokenKind
from tests.chat.conftest import corpus_file

HEADERS = "testchat/good/headers.cha"
TEST_CHA = "batchalign3/batchalign/tests/formats/chat/support/test.cha"


def test_headers_keep_order_names_values_and_lines() -> None:
    parsed = chat.load(corpus_file(HEADERS))
    headers = parsed.headers
    assert [h.name for h in headers[:5]] == ["UTF8", "Begin", "Languages", "Participants", "ID"]
    assert headers[2].value == "eng, deu" and headers[2].line == 3
    bare = [h for h in headers if h.name in ("Bg", "Blank", "New Episode", "Eg")]
    assert [(h.name, h.value) for h in bare] == [
        ("Bg", ""), ("Bg", "foo"), ("Blank", ""), ("Eg", ""), ("Eg", "foo"), ("New Episode", ""),
    ]
    assert parsed.header("Birth of CHI") is not None
    assert parsed.header_values("Eg") == ["", "foo"]
    assert headers[-1].name == "End"


def test_languages_media_options_and_ids() -> None:
    parsed = chat.load(corpus_file(HEADERS))
    assert parsed.languages == ["eng", "deu"]
    media = parsed.media
    assert media is not None and (media.filename, media.type, media.status) == ("headers", "video", "unlinked")
    first = parsed.ids[0]
    assert (first.language, first.corpus, first.speaker, first.age, first.sex) == (
        "eng, deu", "bates", "CHI", "1;08.02", "female",
    )
    assert (first.group, first.ses, first.role, first.education, first.custom) == (
        "normal", "UC", "Child", "bleah", "",
    )
    assert first.field_count == 10 and first.line == 5
    assert chat.load(corpus_file(TEST_CHA)).options == ["multi"]
    assert chat.load(corpus_file("testchat/good/ca.cha")).options == ["CA"]
    assert chat.loads("@UTF8\n@Begin\n@End\n").media is None


def test_participants_with_and_without_names_across_continuation_lines() -> None:
    parsed = chat.load(corpus_file("testchat/good/mod.cha"))
    assert [(p.code, p.name, p.role) for p in parsed.participants] == [
        ("CHI", "Karin", "Target_Child"),
        ("DAD", "Peter", "Father"),
        ("MUM", "Madalena", "Mother"),
    ]
    bare = chat.load(corpus_file("chatter/corpus/reference/core/multiline-continuation.cha"))
    assert [(p.code, p.name, p.role) for p in bare.participants] == [
        ("CHI", None, "Child"), ("MOT", None, "Mother"), ("FAT", None, "Father"),
    ]


def test_utterance_fields() -> None:
    utterances = chat.load(corpus_file(TEST_CHA)).utterances
    first = utterances[0]
    assert (first.speaker, first.line, first.main_text) == ("PAR0", 8, "Hello . \x15125_475\x15")
    assert (first.terminator, first.bullet, first.postcodes, first.language) == (".", (125, 475), [], None)
    assert list(first.tiers) == ["mor", "gra", "wor"]
    assert first.tier("mor") == "intj|hello ."
    assert first.tier("pho") is None
    assert len(utterances) == 13


def test_postcodes_skip_bullet_and_language_precode() -> None:
    movskip = chat.load(corpus_file("testchat/good/movskip.cha")).utterances[0]
    assert movskip.postcodes == ["bch", "foo"]
    assert movskip.terminator == "."
    assert movskip.bullet == (2041689, 2042652)
    wor = chat.load(corpus_file("chatter/corpus/reference/tiers/wor.cha")).utterances[2]
    assert wor.language == "zho"
    assert [w.text for w in wor.wor_words()] == ["我"]


def test_main_text_keeps_continuation_lines_as_in_the_file() -> None:
    utterance = chat.load(corpus_file("chatter/corpus/reference/core/multiline-continuation.cha")).utterances[0]
    assert utterance.main_text.endswith("swings and\n\tthe slide and the monkey bars .")
    assert utterance.terminator == "."
    assert utterance.tier("com") == "CHI is pulling on MOT's hand while speaking, gesturing\n\ttoward the door"


def test_no_terminator_in_ca_and_bullets_without_nak_are_not_bullets() -> None:
    intonation = chat.load(corpus_file("chatter/corpus/reference/ca/intonation.cha")).utterances
    assert intonation[0].terminator is None
    assert [t.kind for t in intonation[0].tokens][-1] is TokenKind.SEPARATOR
    bare = chat.load(corpus_file("batchalign3/batchalign/tests/hk/fixtures/05b_clip.cha")).utterances[0]
    assert bare.bullet is None
    assert bare.tokens[-1].kind is TokenKind.TIMESTAMP
    inner = chat.load(corpus_file("testchat/good/snd-multiple.cha")).utterances[0]
    assert inner.bullet is None  # nineteen word bullets, none after the terminator


def test_tokens_carry_kinds_and_offsets() -> None:
    utterance = chat.loads("@UTF8\n@Begin\n*CHI:\t+< <I want> [/] &-um (.) 0 ⌈ it's‡ x@s:fra . [+ bch]\n@End\n").utterances[0]
    kinds = [(t.kind, t.text) for t in utterance.tokens]
    assert kinds == [
        (TokenKind.LINKER, "+<"),
        (TokenKind.GROUP_OPEN, "<"),
        (TokenKind.WORD, "I"),
        (TokenKind.WORD, "want"),
        (TokenKind.GROUP_CLOSE, ">"),
        (TokenKind.ANNOTATION, "[/]"),
        (TokenKind.WORD, "&-um"),
        (TokenKind.PAUSE, "(.)"),
        (TokenKind.ACTION, "0"),
        (TokenKind.OVERLAP, "⌈"),
        (TokenKind.WORD, "it's"),
        (TokenKind.SEPARATOR, "‡"),
        (TokenKind.WORD, "x@s:fra"),
        (TokenKind.TERMINATOR, "."),
        (TokenKind.ANNOTATION, "[+ bch]"),
    ]
    for token in utterance.tokens:
        assert utterance.main_text[token.start : token.end] == token.text


def test_line_of_maps_token_offsets_to_file_lines() -> None:
    utterance = chat.load(corpus_file("testchat/good/long-features.cha")).utterances[2]
    question = next(t for t in utterance.tokens if t.kind is TokenKind.TERMINATOR)
    assert utterance.line == 12
    assert utterance.line_of(question.start) == 15
