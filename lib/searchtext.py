"""Text normalisation for searching names typed in any width, case or accent.

"ＷＡＳＥＤＡ", "waseda" and "Wasedá" all become "waseda"; Japanese stays as it is, but
full-width and half-width katakana are unified by NFKC.
"""

import re
import unicodedata
from collections.abc import Iterable

_WORD_SPLIT = re.compile(r"[\s\-‐–—_/,.・()（）「」&'’|]+")


def normalize(text: str) -> str:
    """NFKC (width), case-fold, and strip accents from Latin letters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", folded):
        # Drop accents on Latin letters only: Japanese voiced marks (が = か + ゛) stay.
        if unicodedata.category(ch) == "Mn" and kept and kept[-1] < "\u0250":
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def search_words(texts: Iterable[str]) -> str:
    """A space-led, space-separated string of the normalised words of `texts`.

    Searching `" " + normalize(query)` in it finds queries that start a word.
    """
    words: list[str] = []
    for text in texts:
        words.extend(word for word in _WORD_SPLIT.split(normalize(text)) if word)
    return " " + " ".join(words) + " "
