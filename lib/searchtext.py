"""Text normalisation for searching names typed in any width, case, accent or punctuation.

"ＷＡＳＥＤＡ", "waseda" and "Wasedá" all become "waseda"; "King's" becomes "kings", so
"kings" finds it; "Keio-Gijuku" and "Keio Gijuku" give the same words. Japanese stays as
it is, but full-width and half-width katakana are unified by NFKC.
"""

import re
import unicodedata
from collections.abc import Iterable

# Inside a word, as people leave them out when typing: "King's", "Kings", "King’s".
_APOSTROPHES = re.compile(r"['’‘`´ʼ＇]")
# Punctuation between words ("Keio-Gijuku", "St. Mary", "（早稲田）"; NFKC has made
# full-width ones ASCII). Not "%": it stays a plain character (never a LIKE wildcard).
_WORD_SPLIT = re.compile(r"[\s\-‐–—_/\\,.:;!?・()（）「」『』【】\[\]{}<>&+|\"“”、。]+")


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


def _words(text: str) -> list[str]:
    return [word for word in _WORD_SPLIT.split(_APOSTROPHES.sub("", normalize(text))) if word]


def search_words(texts: Iterable[str]) -> str:
    """A space-led, space-separated string of the normalised words of `texts`.

    Searching `" " + normalize(query)` in it finds queries that start a word.
    """
    words: list[str] = []
    for text in texts:
        words.extend(_words(text))
    return " " + " ".join(words) + " "
