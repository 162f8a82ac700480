"""CHAT language codes (ISO 639-3, as in @Languages) and whisper's (ISO 639-1 and a few others)."""

from __future__ import annotations

AUTO = "auto"

# Every language whisper transcribes, by its CHAT code.
WHISPER_CODES: dict[str, str] = {
    "afr": "af", "amh": "am", "ara": "ar", "asm": "as", "aze": "az", "bak": "ba", "bel": "be",
    "bul": "bg", "ben": "bn", "bod": "bo", "bre": "br", "bos": "bs", "cat": "ca", "ces": "cs",
    "cym": "cy", "dan": "da", "deu": "de", "ell": "el", "eng": "en", "spa": "es", "est": "et",
    "eus": "eu", "fas": "fa", "fin": "fi", "fao": "fo", "fra": "fr", "glg": "gl", "guj": "gu",
    "hau": "ha", "haw": "haw", "heb": "he", "hin": "hi", "hrv": "hr", "hat": "ht", "hun": "hu",
    "hye": "hy", "ind": "id", "isl": "is", "ita": "it", "jpn": "ja", "jav": "jw", "kat": "ka",
    "kaz": "kk", "khm": "km", "kan": "kn", "kor": "ko", "lat": "la", "ltz": "lb", "lin": "ln",
    "lao": "lo", "lit": "lt", "lav": "lv", "mlg": "mg", "mri": "mi", "mkd": "mk", "mal": "ml",
    "mon": "mn", "mar": "mr", "msa": "ms", "mlt": "mt", "mya": "my", "nep": "ne", "nld": "nl",
    "nno": "nn", "nor": "no", "oci": "oc", "pan": "pa", "pol": "pl", "pus": "ps", "por": "pt",
    "ron": "ro", "rus": "ru", "san": "sa", "snd": "sd", "sin": "si", "slk": "sk", "slv": "sl",
    "sna": "sn", "som": "so", "sqi": "sq", "srp": "sr", "sun": "su", "swe": "sv", "swa": "sw",
    "tam": "ta", "tel": "te", "tgk": "tg", "tha": "th", "tuk": "tk", "tgl": "tl", "tur": "tr",
    "tat": "tt", "ukr": "uk", "urd": "ur", "uzb": "uz", "vie": "vi", "yid": "yi", "yor": "yo",
    "zho": "zh", "yue": "yue",
}  # fmt: skip
# Other codes TalkBank corpora use for the same languages.
ALIASES: dict[str, str] = {"cmn": "zh", "nob": "no", "zsm": "ms", "pes": "fa", "arb": "ar", "swh": "sw"}
CHAT_CODES: dict[str, str] = {whisper: chat for chat, whisper in WHISPER_CODES.items()}


def whisper_language(lang: str) -> str | None:
    """whisper's code for a CHAT code; None for `auto` (whisper detects it)."""
    if lang == AUTO:
        return None
    code = WHISPER_CODES.get(lang) or ALIASES.get(lang)
    if code is None:
        raise KeyError(lang)
    return code


def supported_by_whisper(lang: str) -> bool:
    return lang == AUTO or lang in WHISPER_CODES or lang in ALIASES


def chat_language(whisper_code: str) -> str:
    """The CHAT code of a language whisper detected."""
    return CHAT_CODES[whisper_code]
