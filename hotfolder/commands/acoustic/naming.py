"""Which bundle members the acoustic commands take, and what their outputs are called.

Pure functions over display paths (bundle-relative, forward slashes).
`opensmile` takes every recording: `PWA/x.wav` -> `PWA/x.opensmile.csv`.
`avqi` takes each continuous-speech recording `PWA/X.cs.<ext>`, whose
sustained vowel `PWA/X.sv.<ext>` is its companion: -> `PWA/X.avqi.txt`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from hotfolder.commands.media import MEDIA_EXTENSIONS, is_media
from hotfolder.errors import FailureCategory, FileFailure

CONTINUOUS_SPEECH = "cs"
SUSTAINED_VOWEL = "sv"


def without_extension(display_path: str) -> str:
    """`PWA/x.cs.wav` -> `PWA/x.cs`."""
    path = PurePosixPath(display_path)
    return str(path.with_name(path.stem))


def opensmile_output(display_path: str) -> str:
    return f"{without_extension(display_path)}.opensmile.csv"


def tagged_stem(display_path: str, tag: str) -> str | None:
    """`PWA/X` for a recording named `X.<tag>.<ext>` (tag in any case); None otherwise."""
    if not is_media(display_path):
        return None
    path = PurePosixPath(display_path)
    base, dot, found = path.stem.rpartition(".")
    if not dot or not base or found.lower() != tag:
        return None
    return str(path.with_name(base))


def is_continuous_speech(display_path: str) -> bool:
    return tagged_stem(display_path, CONTINUOUS_SPEECH) is not None


def avqi_output(cs_display_path: str) -> str:
    stem = tagged_stem(cs_display_path, CONTINUOUS_SPEECH)
    if stem is None:
        raise ValueError(f"{cs_display_path} is not a continuous-speech recording (X.cs.<ext>)")
    return f"{stem}.avqi.txt"


def expected_vowel(cs_display_path: str) -> str:
    """The sustained vowel's name pattern, for the input_missing message."""
    return f"{avqi_output(cs_display_path)[: -len('.avqi.txt')]}.sv.{{{','.join(MEDIA_EXTENSIONS)}}}"


def vowel_partner(cs_display_path: str, members: Iterable[str]) -> str | None:
    """The member that is the sustained vowel of `X.cs.*`: `X.sv.<ext>`, extensions in media order."""
    stem = avqi_output(cs_display_path)[: -len(".avqi.txt")]
    vowels = {m: _extension_rank(m) for m in members if _same_text(tagged_stem(m, SUSTAINED_VOWEL), stem)}
    return min(vowels, key=lambda m: (vowels[m], m)) if vowels else None


def clashing_sibling(display_path: str, members: Iterable[str], output_of: Callable[[str], str]) -> str | None:
    """A member written before this one to the same output (`x.wav` beside `x.mp3`), or None.

    Recordings that differ only by extension would overwrite each other's
    output; the first in media-extension order keeps the name.
    """
    own = output_of(display_path).lower()
    rank = (_extension_rank(display_path), display_path)
    earlier = [
        m for m in members
        if m != display_path and output_of(m).lower() == own and (_extension_rank(m), m) < rank
    ]
    return min(earlier, key=lambda m: (_extension_rank(m), m)) if earlier else None


def refuse_clash(display_path: str, members: Iterable[str], output_of: Callable[[str], str], advice: str) -> None:
    """FileFailure(validation) when an earlier member writes the same output (`clashing_sibling`)."""
    first = clashing_sibling(display_path, members, output_of)
    if first is not None:
        raise FileFailure(
            f"{display_path} and {first} would both write {output_of(first)}; {advice}",
            FailureCategory.VALIDATION,
        )


def _same_text(found: str | None, wanted: str) -> bool:
    return found is not None and found.lower() == wanted.lower()


def _extension_rank(display_path: str) -> int:
    return MEDIA_EXTENSIONS.index(PurePosixPath(display_path).suffix[1:].lower())
