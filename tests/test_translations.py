"""Every user-visible string ships in Japanese: makemessages must find nothing untranslated."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_SHIPPED = {"tests", "bench", "docs", "bin", "static", "staticfiles", "var"}
# Every folder of the project that ships (apps, templates, locale) and manage.py.
SOURCES = sorted(
    path.name
    for path in ROOT.iterdir()
    if path.is_dir()
    and not path.name.startswith(".")
    and not path.name.endswith(".egg-info")
    and path.name not in NOT_SHIPPED
) + ["manage.py"]


def _quoted(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')]


def untranslated(po_text: str) -> list[str]:
    """msgids whose msgstr is empty or fuzzy (a small .po reader, to need no extra package)."""
    missing = []
    for block in po_text.split("\n\n")[1:]:  # the first block is the header
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        starts = [i for i, line in enumerate(lines) if line.startswith("msgstr")]
        if not starts:
            continue
        msgid = " ".join(_quoted(line) for line in lines[: starts[0]] if '"' in line)
        translation = "".join(_quoted(line) for line in lines[starts[0] :] if '"' in line)
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if fuzzy or not translation:
            missing.append(msgid[:80])
    return missing


def test_it_has_a_japanese_translation_for_every_string(tmp_path: Path) -> None:
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ja", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    po = (tmp_path / "locale" / "ja" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert untranslated(po) == []
