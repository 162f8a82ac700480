"""Guessed pronunciations and dictionary entries for words pocketsphinx does not know."""

from __future__ import annotations

import pytest

from hotfolder.chat import loads
from hotfolder.commands.align.lexicon import Lexicon, dictionary_key
from hotfolder.commands.align.pronounce import espeak_runner, guess, ipa_to_arpabet, letters_to_arpabet


@pytest.mark.parametrize(
    ("ipa", "expected"),
    [
        ("k_æ_f_ˈeɪ", "K AE F EY"),
        ("t_ˈæ_p_ɚ_ɹ_ˌɛ_k_oːɹ_d_ɚ", "T AE P ER EH K AO R D ER"),  # ɚ then ɹ: one ER
        ("b_ˈɑː_ɾ_əl", "B AA T AH L"),  # flap, syllabic l written as two symbols
        ("b_ˈʌ_ʔ_n̩", "B AH T AH N"),
        ("dʒ_ˈʌ_dʒ", "JH AH JH"),
        ("θ_ˈɪ_ŋ", "TH IH NG"),
        ("k_ˈɜː_ɹ_i", "K ER IY"),  # ɜː followed by ɹ is one ER
        ("f_ˈaɪɚ", "F AY ER"),
        ("h_ə_l_ˈoʊ", "HH AH L OW"),
        ("f_ˈɪ__uː", "F IH UW"),  # espeak leaves empty units
        ("ʃ_ˈi\n", "SH IY"),
        ("ɔɪ_l ʃ_ˈɔː", "OY L SH AO"),  # two words
        ("ʘ_ǀ", ""),  # clicks: nothing known
    ],
)
def test_ipa_to_arpabet(ipa: str, expected: str) -> None:
    assert " ".join(ipa_to_arpabet(ipa)) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("bell", "B EH L"),
        ("church", "CH ER CH"),
        ("seed", "S IY D"),
        ("phone", "F AA N"),  # silent final e dropped
        ("yes", "Y EH S"),
        ("quick", "K W IH K"),
        ("night", "N AY T"),
        ("café", "K AE F"),  # accents dropped: "cafe", and its final e taken as silent
        ("Straße", "S T R AE EH"),
        ("ab", "AE B"),
        ("我", ""),
    ],
)
def test_letters_to_arpabet(word: str, expected: str) -> None:
    assert " ".join(letters_to_arpabet(word)) == expected


def test_guess_prefers_espeak_and_falls_back_to_letters() -> None:
    seen: list[str] = []

    def runner(word: str) -> str | None:
        seen.append(word)
        return "z_ˈaɪ_l_ə_f_ˌoʊ_n" if word == "xylophone" else None

    assert guess("xylophone", runner) == ["Z", "AY", "L", "AH", "F", "OW", "N"]
    assert guess("blorf", runner) == ["B", "L", "AO", "R", "F"]  # runner had nothing
    assert guess("blorf", None) == ["B", "L", "AO", "R", "F"]
    assert guess("-rf_x", runner)  # never handed to espeak as an option or with underscores
    assert seen == ["xylophone", "blorf", "rf x"]


def test_real_espeak_reading() -> None:
    runner = espeak_runner()
    assert runner is not None, "espeak-ng is a system dependency (make sysdeps)"
    assert guess("blorfing", runner) == ["B", "L", "AO", "R", "F", "IH", "NG"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Hello", "hello"), ("that's", "that's"), ("a_b", "ab"), ("x-ray", "xray"), ("é", "é"), ("--", "")],
)
def test_dictionary_key(text: str, expected: str) -> None:
    assert dictionary_key(text) == expected


class MemoryDictionary:
    """A small in-memory pronunciation dictionary with the aligner's two methods."""

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = dict(entries)

    def phones(self, word: str) -> str | None:
        return self.entries.get(word)

    def add(self, word: str, phones: list[str]) -> None:
        self.entries[word] = " ".join(phones)


def _words(main: str) -> list:  # type: ignore[type-arg]
    chat = loads(f"@UTF8\n@Begin\n*CHI:\t{main}\n@End\n")
    return chat.utterances[0].wor_words()


def test_lexicon_known_compound_guessed_and_unpronounceable() -> None:
    dictionary = MemoryDictionary({"ice": "AY S", "cream": "K R IY M", "the": "DH AH"})
    lexicon = Lexicon(dictionary, None)
    the, icecream, blorf, chinese = _words("The ice+cream blorf 我 .")
    assert lexicon.entry(the) == "the"
    assert lexicon.entry(icecream) == "icecream"
    assert dictionary.entries["icecream"] == "AY S K R IY M"  # spelled from its parts, not guessed
    assert lexicon.entry(blorf) == "blorf"
    assert lexicon.entry(chinese) is None
    assert lexicon.guessed == {"blorf": "B L AO R F"}


def test_lexicon_resolves_each_word_once() -> None:
    calls: list[str] = []

    def guesser(word: str, runner: object) -> list[str]:
        calls.append(word)
        return ["B", "AA"]

    lexicon = Lexicon(MemoryDictionary({}), None, guesser)
    for word in _words("Blorf blorf blorf@s:hun ."):
        assert lexicon.entry(word) == "blorf"
    assert calls == ["Blorf"]
