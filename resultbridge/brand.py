"""The site's stylesheet in the board's colour (BOARD_PRIMARY_COLOUR): css/board.css.

static/css/site.css with the colour's CSS variables after it, so that a page needs one
stylesheet, not two. A staticfiles finder makes it, so it is a static file like the others:
`collectstatic` gives it a hashed name that browsers keep for good (a new colour is a new
name), and the demo serves it from the finder, made again when site.css or the colour
changes. It is written to a temporary directory of this process, never into the checkout:
production's web server may write nowhere (deploy/systemd).
"""

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage

SOURCE = "css/site.css"
PATH = "css/board.css"


def brand_css(colour: str) -> str:
    """The colour as CSS variables (an inline style would break the Content Security
    Policy); the darker shade is for the menu bar and hovers."""
    darker = "#" + "".join(f"{round(int(colour[i : i + 2], 16) * 0.7):02x}" for i in (1, 3, 5))
    return f":root {{ --brand: {colour}; --brand-dark: {darker}; }}\n"


def board_css(colour: str) -> str:
    source = finders.find(SOURCE)
    if not isinstance(source, str):
        raise ImproperlyConfigured(f"{SOURCE} is missing from the static files")
    site_css = Path(source).read_text(encoding="utf-8")
    return f"{site_css}\n/* The board's colour: BOARD_PRIMARY_COLOUR */\n{brand_css(colour)}"


class BrandFinder(finders.BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="resultbridge-brand-")
        self.storage = FileSystemStorage(location=self._directory.name)

    def _written(self) -> str:
        """The file's path, written again when site.css or the colour changed."""
        file = Path(self._directory.name) / PATH
        css = board_css(settings.BOARD_PRIMARY_COLOUR)
        if not file.exists() or file.read_text(encoding="utf-8") != css:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(css, encoding="utf-8")
        return str(file)

    def check(self, **kwargs: Any) -> list:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:  # str | list[str]
        if path != PATH:
            return []
        found = self._written()
        return [found] if find_all or kwargs.get("all") else found

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Storage]]:
        self._written()
        yield PATH, self.storage
