"""Writers change only what they are asked to; everything else stays byte-identical."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

import hotfolder.chat as chat
from hotfolder.chat.render import WRAP_COLUMN, width
from tests.chat.conftest import ALL_CHA, corpus_file, corpus_id

TEST_CHA = "batchalign3/batchalign/tests/formats/chat/support/test.cha"
WRAPPING = "testchat/good/mortranslation-continuation.cha"


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line for line in diff if line[:1] in "+-"]


def test_rewriting_existing_tiers_with_their_own_content_changes_nothing() -> None:
    original = corpus_file(TEST_CHA).read_text(encoding="utf-8")
    parsed = chat.loads(original)
    for utterance in parsed.utterances:
        for name, content in utterance.tiers.items():
            utterance.set_tier(name, content)
    assert chat.dumps(parsed) == original


def test_set_wor_reproduces_batchalign_wor_tiers_byte_for_byte() -> None:
    original = corpus_file(TEST_CHA).read_text(encoding="utf-8")
    parsed = chat.loads(original)
    regenerated = 0
    for utterance in parsed.utterances:
        content = utterance.tier("wor")
        if content is None:
            continue
        pairs = re.findall(r"(\S+) \x15(\d+)_(\d+)\x15", content)
        utterance.set_wor([(word, (int(start), int(end))) for word, start, end in pairs])
        regenerated += 1
    assert regenerated == 12
    assert chat.dumps(parsed) == original


def test_set_wor_keeps_the_language_precode_and_untimed_words() -> None:
    parsed = chat.load(corpus_file("chatter/corpus/reference/tiers/wor.cha"))
    utterance = parsed.utterances[2]
    utterance.set_wor([("我", (565499, 566219))])
    assert utterance.tier("wor") == "[- zho] 我 \x15565499_566219\x15 ."
    utterance.set_wor([("我", None)])
    assert utterance.tier("wor") == "[- zho] 我 ."
    with pytest.raises(chat.ChatError):
        utterance.set_wor([("two words", (1, 2))])


def test_replacing_a_tier_touches_only_that_line() -> None:
    original = corpus_file(TEST_CHA).read_text(encoding="utf-8")
    parsed = chat.loads(original)
    parsed.utterances[1].set_tier("mor", "pron|this aux|be det|a noun|test adp|of noun|wakeup .")
    changes = changed_lines(original, chat.dumps(parsed))
    assert changes == [
        "- %mor:\tpron|this-Dem-S1 aux|be-Fin-Ind-Pres-S3 det|a-Ind-Art noun|test adp|of noun|wakeup .\n",
        "+ %mor:\tpron|this aux|be det|a noun|test adp|of noun|wakeup .\n",
    ]


MAIN_ONLY = (
    "@UTF8\r\n@Begin\r\n@Participants:\tCHI Target_Child\r\n@ID:\teng|c|CHI|||||Target_Child|||\r\n"
    "*CHI:\tI want more cookies please .\r\n%com:\tpointing\r\n@End\r\n"
)


def test_new_tiers_follow_the_conventional_order_and_the_file_newline() -> None:
    parsed = chat.loads(MAIN_ONLY)
    utterance = parsed.utterances[0]
    utterance.set_tier("xtra", "I want more cookies please .")
    utterance.set_tier("wor", "I want more cookies please .")
    utterance.set_tier("gra", "1|2|NSUBJ 2|0|ROOT 3|4|AMOD 4|2|OBJ 5|2|DISCOURSE 6|2|PUNCT")
    utterance.set_tier("mor", "pron|I verb|want adj|more noun|cookie-Plur intj|please .")
    text = chat.dumps(parsed)
    names = re.findall(r"^%(\w+):", text, flags=re.M)
    assert names == ["mor", "gra", "wor", "com", "xtra"]
    assert "\n" not in text.replace("\r\n", "")
    assert chat.validate(chat.loads(text)) == []
    assert list(chat.loads(text).utterances[0].tiers) == names


def test_remove_tier() -> None:
    parsed = chat.loads(MAIN_ONLY)
    parsed.utterances[0].remove_tier("com")
    parsed.utterances[0].remove_tier("mor")  # absent: nothing happens
    assert chat.dumps(parsed) == MAIN_ONLY.replace("%com:\tpointing\r\n", "")
    assert parsed.headers[-1].line == 6


def test_a_file_without_final_newline_keeps_it_missing() -> None:
    text = "@UTF8\n@Begin\n*CHI:\thi ."
    parsed = chat.loads(text)
    parsed.utterances[0].set_tier("mor", "co|hi .")
    assert chat.dumps(parsed) == "@UTF8\n@Begin\n*CHI:\thi .\n%mor:\tco|hi ."
    parsed.utterances[0].remove_tier("mor")
    assert chat.dumps(parsed) == text


def test_long_tiers_wrap_only_in_files_that_wrap() -> None:
    long_mor = " ".join(f"noun|word{i}-Plur" for i in range(20)) + " ."
    wrapping = chat.load(corpus_file(WRAPPING))
    wrapping.utterances[0].set_tier("xtra", long_mor)
    tier = chat.dumps(wrapping).split("%xtra:\t", 1)[1].split("\n@End")[0]
    lines = ("%xtra:\t" + tier).split("\n")
    assert len(lines) > 2 and all(line.startswith("\t") for line in lines[1:])
    assert all(width(line) <= WRAP_COLUMN for line in lines)
    assert wrapping.utterances[0].tier("xtra") == tier
    assert " ".join(tier.split()) == long_mor
    flat = chat.load(corpus_file(TEST_CHA))
    flat.utterances[0].set_tier("xtra", long_mor)
    assert f"%xtra:\t{long_mor}\n" in chat.dumps(flat)


def test_set_bullet_replaces_adds_and_keeps_the_skip_flag() -> None:
    parsed = chat.load(corpus_file("testchat/good/movskip.cha"))
    skip, plain = parsed.utterances
    skip.set_bullet(10, 20)
    plain.set_bullet(30, 40)
    assert skip.main_text.endswith("[+ bch] [+ foo] \x1510_20-\x15")
    assert plain.bullet == (30, 40)
    no_bullet = chat.load(corpus_file("testchat/good/snd-multiple.cha")).utterances[0]
    no_bullet.set_bullet(0, 9565)
    assert no_bullet.main_text.endswith("Kirby \x158240_9565\x15 . \x150_9565\x15")
    assert no_bullet.bullet == (0, 9565)


def test_set_bullet_repairs_a_bullet_written_without_nak() -> None:
    parsed = chat.load(corpus_file("batchalign3/batchalign/tests/hk/fixtures/05b_clip.cha"))
    utterance = parsed.utterances[0]
    utterance.set_bullet(350, 1375)
    assert utterance.main_text.endswith(". \x15350_1375\x15")
    assert not [issue for issue in chat.validate(parsed) if issue.line == utterance.line]


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 3), (-1, 4), (1.5, 3)])
def test_set_bullet_refuses_times_chat_cannot_hold(start: int, end: int) -> None:
    utterance = chat.loads(MAIN_ONLY).utterances[0]
    with pytest.raises(chat.ChatError) as raised:
        utterance.set_bullet(start, end)
    assert raised.value.code in ("CHECK 82", "CHECK 90")


@pytest.mark.parametrize(
    ("name", "content"),
    [("", "x"), ("m or", "x"), ("%mor", "x"), ("mor", "a\nb"), ("mor", "a\rb"), ("mor", "a\x00")],
)
def test_set_tier_refuses_what_is_not_one_tier(name: str, content: str) -> None:
    utterance = chat.loads(MAIN_ONLY).utterances[0]
    with pytest.raises(chat.ChatError) as raised:
        utterance.set_tier(name, content)
    assert raised.value.line == 5


@pytest.mark.parametrize("path", ALL_CHA, ids=corpus_id)
def test_set_bullet_on_every_corpus_utterance_changes_only_main_tiers(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    parsed = chat.loads(original)
    expected = []
    for number, utterance in enumerate(parsed.utterances):
        start = 1000 * number
        try:
            utterance.set_bullet(start, start + 500)
        except chat.ChatError as error:
            assert error.code in ("CHECK 2", "CHECK 89")
            continue
        expected.append((utterance.speaker, (start, start + 500)))
    reread = chat.loads(chat.dumps(parsed))
    assert [(u.speaker, u.bullet) for u in reread.utterances if u.bullet] == expected
    for change in changed_lines(original, chat.dumps(parsed)):
        assert change[2:3] in ("*", "\t"), change
