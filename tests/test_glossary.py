"""The Japanese translations keep to docs/glossary.md: none uses a word it replaces."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def _rows() -> list[list[str]]:
    text = GLOSSARY.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _translations() -> dict[str, str]:
    """msgid → msgstr (singular) of every entry, continuation lines joined."""
    found = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = "".join
            found[join(re.findall(r'"(.*)"', msgid[1]))] = join(re.findall(r'"(.*)"', msgstr[1]))
    return found


def test_it_uses_no_word_the_glossary_replaces() -> None:
    avoided = [cell for row in _rows() for cell in row[3].split("、") if cell]
    assert avoided  # the table was read
    wrong = [
        (word, msgid[:60])
        for msgid, msgstr in _translations().items()
        for word in avoided
        if word in msgstr
    ]
    assert wrong == []


def test_it_translates_the_guides_terms_as_the_guide_does() -> None:
    translations = _translations()
    assert translations["Send my result"] == "結果を送付する"
    assert translations["ID Number"] == "ID Number"
    assert translations["Results Verification Service"] == "オンライン成績確認サービス（RVS）"
    confirmation = [s for i, s in translations.items() if "Confirmation of Entry" in i]
    assert confirmation and all("受検票" in s for s in confirmation)
