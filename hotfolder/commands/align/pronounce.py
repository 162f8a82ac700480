"""Pronunciations (CMU ARPABET) for words missing from pocketsphinx's dictionary.

pocketsphinx has no letter-to-sound model, so a guess comes from espeak-ng's
phonemes (`--ipa`, one phoneme per `_`-separated unit) mapped to the 39 CMU
phones. Without espeak-ng on the host, a small English spelling-rule table
guesses instead: coarse, but it lets the aligner place the word rather than
fail the utterance. Both mappings are pure and table-tested.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable

# espeak-ng's en-us IPA units (stress and length marks removed) -> ARPABET.
_IPA = {
    "a": ["AA"], "aɪ": ["AY"], "aʊ": ["AW"], "æ": ["AE"], "ɐ": ["AH"], "ɑ": ["AA"], "ɒ": ["AA"],
    "ʌ": ["AH"], "ə": ["AH"], "ɚ": ["ER"], "ɜ": ["ER"], "ɝ": ["ER"], "e": ["EH"], "eɪ": ["EY"],
    "ɛ": ["EH"], "eə": ["EH", "R"], "i": ["IY"], "ɪ": ["IH"], "ᵻ": ["IH"], "iə": ["IY", "AH"],
    "ɪə": ["IH", "R"], "o": ["OW"], "oʊ": ["OW"], "əʊ": ["OW"], "ɔ": ["AO"], "ɔɪ": ["OY"],
    "u": ["UW"], "ʊ": ["UH"], "ʊə": ["UH", "R"], "y": ["UW"], "ø": ["ER"], "œ": ["ER"],
    "b": ["B"], "tʃ": ["CH"], "d": ["D"], "ð": ["DH"], "f": ["F"], "ɡ": ["G"], "g": ["G"],
    "h": ["HH"], "dʒ": ["JH"], "k": ["K"], "l": ["L"], "ɫ": ["L"], "l̩": ["AH", "L"], "m": ["M"],
    "m̩": ["AH", "M"], "n": ["N"], "n̩": ["AH", "N"], "ŋ": ["NG"], "p": ["P"], "ɹ": ["R"], "r": ["R"],
    "ɾ": ["T"], "ʔ": ["T"], "s": ["S"], "ʃ": ["SH"], "t": ["T"], "θ": ["TH"], "v": ["V"], "w": ["W"],
    "ʍ": ["W"], "j": ["Y"], "z": ["Z"], "ʒ": ["ZH"], "x": ["HH"], "ç": ["HH"], "ɬ": ["L"],
    "oɹ": ["AO", "R"], "ɚɹ": ["ER"], "ɜɹ": ["ER"],
}  # fmt: skip
_MARKS = str.maketrans("", "", "ˈˌːˑ'-")

# Spelling rules, longest first: a coarse English reading for hosts without espeak-ng.
_LETTER_RULES = [
    ("tch", ["CH"]), ("sch", ["S", "K"]), ("igh", ["AY"]), ("ch", ["CH"]), ("sh", ["SH"]),
    ("th", ["TH"]), ("ph", ["F"]), ("wh", ["W"]), ("ck", ["K"]), ("ng", ["NG"]), ("qu", ["K", "W"]),
    ("gh", ["G"]), ("ee", ["IY"]), ("ea", ["IY"]), ("oo", ["UW"]), ("ou", ["AW"]), ("ow", ["OW"]),
    ("ai", ["EY"]), ("ay", ["EY"]), ("oi", ["OY"]), ("oy", ["OY"]), ("au", ["AO"]), ("aw", ["AO"]),
    ("er", ["ER"]), ("ir", ["ER"]), ("ur", ["ER"]), ("ar", ["AA", "R"]), ("or", ["AO", "R"]),
    ("a", ["AE"]), ("b", ["B"]), ("c", ["K"]), ("d", ["D"]), ("e", ["EH"]), ("f", ["F"]), ("g", ["G"]),
    ("h", ["HH"]), ("i", ["IH"]), ("j", ["JH"]), ("k", ["K"]), ("l", ["L"]), ("m", ["M"]), ("n", ["N"]),
    ("o", ["AA"]), ("p", ["P"]), ("q", ["K"]), ("r", ["R"]), ("s", ["S"]), ("t", ["T"]), ("u", ["AH"]),
    ("v", ["V"]), ("w", ["W"]), ("x", ["K", "S"]), ("y", ["IY"]), ("z", ["Z"]),
]  # fmt: skip
_VOWEL_LETTERS = set("aeiouy")
_ESPEAK_TIMEOUT_S = 10

Runner = Callable[[str], str | None]  # word -> espeak-ng's `_`-separated IPA, or None


def ipa_to_arpabet(ipa: str) -> list[str]:
    """ARPABET phones of espeak-ng's `--ipa --sep=_` output; unknown symbols are dropped."""
    phones: list[str] = []
    for chunk in ipa.split():
        for unit in chunk.split("_"):
            for phone in _ipa_unit(unit.translate(_MARKS)):
                if not (phone == "R" and phones and phones[-1] == "ER"):  # `ɜː_ɹ` is one ER
                    phones.append(phone)
    return phones


def _ipa_unit(unit: str) -> list[str]:
    """Longest known symbols first: `əl` -> AH L, `oɹ` -> AO R; unknown characters are skipped."""
    phones: list[str] = []
    index = 0
    while index < len(unit):
        for size in (3, 2, 1):
            piece = unit[index : index + size]
            if len(piece) == size and piece in _IPA:
                phones.extend(_IPA[piece])
                index += size
                break
        else:
            index += 1
    return phones


def letters_to_arpabet(word: str) -> list[str]:
    """A coarse reading of an English spelling (accents dropped, a final silent e skipped)."""
    plain = unicodedata.normalize("NFKD", word.lower())
    letters = "".join(char for char in plain if "a" <= char <= "z")
    if len(letters) > 2 and letters.endswith("e") and letters[-2] not in _VOWEL_LETTERS:
        letters = letters[:-1]
    phones: list[str] = []
    index = 0
    while index < len(letters):
        for spelling, sounds in _LETTER_RULES:
            if letters.startswith(spelling, index):
                if spelling == "y" and index == 0:
                    sounds = ["Y"]  # initial y is a consonant
                if not (phones and len(sounds) == 1 and phones[-1] == sounds[0] and spelling not in _VOWEL_LETTERS):
                    phones.extend(sounds)  # a doubled consonant letter is one sound
                index += len(spelling)
                break
    return phones


def espeak_runner(voice: str = "en-us") -> Runner | None:
    """A runner calling espeak-ng, or None when it is not installed."""
    program = shutil.which("espeak-ng")
    if program is None:
        return None

    def run(word: str) -> str | None:
        try:
            done = subprocess.run(
                [program, "-q", "-v", voice, "--ipa", "--sep=_", word],
                capture_output=True,
                text=True,
                timeout=_ESPEAK_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    return run


_SAFE = re.compile(r"[^\w']|_")


def guess(word: str, runner: Runner | None) -> list[str]:
    """ARPABET for a word the dictionary lacks: espeak-ng's reading, else spelling rules."""
    spoken = _SAFE.sub(" ", word).strip()
    if runner is not None and spoken:
        ipa = runner(spoken)
        phones = ipa_to_arpabet(ipa) if ipa else []
        if phones:
            return phones
    return letters_to_arpabet(word)
