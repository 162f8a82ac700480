"""jieba posseg for Mandarin through the real package: one token per CHAT word, tags mapped to UPOS.

Words of the first utterance of chatter's `corpus/reference/audio/chinese-adult-conversation.cha`
(TalkBank/chatter, MIT OR Apache-2.0; ../shared/corpus/SOURCES.md); the cut words are constructed.
"""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import jieba_zh
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word

CORPUS = "好 请 中 二 班 的 阿 尔 法 来 用 维 语 来 给 我们 讲 一下 这个 故 事 开始 吧"


@pytest.fixture(scope="module")
def zh() -> Analyzer:
    return jieba_zh.load("zho")


def test_corpus_words_one_token_each(zh: Analyzer) -> None:
    words = CORPUS.split()
    [tagged] = zh.tag([words])
    assert tagged.words == [range(i, i + 1) for i in range(len(words))]
    assert [t.text for t in tagged.tokens] == words
    upos = {t.text: t.upos for t in tagged.tokens}
    assert upos["请"] == "VERB" and upos["开始"] == "VERB" and upos["讲"] == "VERB"
    assert upos["二"] == "NUM" and upos["班"] == "NOUN" and upos["事"] == "NOUN"
    assert upos["的"] == "PART" and upos["吧"] == "PART"
    assert upos["我们"] == "PRON" and upos["这个"] == "DET"
    assert upos["给"] == "ADP" and upos["中"] == "ADP"  # preposition, localiser
    assert all(t.lemma == t.text and t.head == -1 and t.relation == "" for t in tagged.tokens)


def test_a_word_jieba_cuts_stays_one_token_headed_by_its_content(zh: Analyzer) -> None:
    [tagged] = zh.tag([["小朋友们", "吃饭了", "是", "去学校"]])
    rows = [(t.text, t.lemma, t.upos, t.feats) for t in tagged.tokens]
    assert rows == [
        ("小朋友们", "小朋友", "NOUN", "Number=Plur"),
        ("吃饭了", "吃饭", "VERB", "Aspect=Perf"),
        ("是", "是", "AUX", ""),
        ("去学校", "去学校", "VERB", ""),  # a verb piece heads the word
    ]
    assert tagged.words == [range(0, 1), range(1, 2), range(2, 3), range(3, 4)]


def test_tag_mapping() -> None:
    assert jieba_zh.upos_of("北京", "ns") == "PROPN"
    assert jieba_zh.upos_of("了", "ul") == "AUX"
    assert jieba_zh.upos_of("很", "d") == "ADV"
    assert jieba_zh.upos_of("个", "q") == "NOUN"
    assert jieba_zh.upos_of("？", "QQ") == "X"  # no tag of that name, nor a prefix of one
    assert jieba_zh.head_of([("红", "a"), ("苹果", "n")]) == 1
    assert jieba_zh.word_token("了", [("了", "ul")]).feats == "Aspect=Perf"


def test_items(zh: Analyzer) -> None:
    [tagged] = zh.tag([["我们", "开始", "吧"]])
    assert [mor_word(t, "zho") for t in tagged.tokens] == ["pron|我们-Int-S1", "verb|开始-Inf-S", "part|吧"]
    assert zh.parses is False and zh.model == "jieba-0.42.1"


def test_unserved_language_names_the_package() -> None:
    with pytest.raises(LanguageNotServed, match=r"jieba==0\.42\.1.*not 'yue'"):
        jieba_zh.load("yue")
