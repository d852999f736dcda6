"""The board's colour (BOARD_PRIMARY_COLOUR) as the static file css/brand.css.

A staticfiles finder makes it, so it is one more static file: `collectstatic` gives it a
hashed name that browsers keep for good (a new colour is a new name), and the demo serves
it from the finder. It is written to a temporary directory of this process, never into the
checkout: production's web server may write nowhere (deploy/systemd).
"""

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage, Storage

PATH = "css/brand.css"


def brand_css(colour: str) -> str:
    """CSS variables, not a rebuilt stylesheet (and no inline style, which the Content
    Security Policy forbids); the darker shade is for the menu bar and hovers."""
    darker = "#" + "".join(f"{round(int(colour[i : i + 2], 16) * 0.7):02x}" for i in (1, 3, 5))
    return f":root {{ --brand: {colour}; --brand-dark: {darker}; }}\n"


class BrandFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="resultbridge-brand-")
        self.storage = FileSystemStorage(location=self._directory.name)

    def _written(self) -> str:
        """The file's path, written again when the colour changed (tests change it)."""
        file = Path(self._directory.name) / PATH
        css = brand_css(settings.BOARD_PRIMARY_COLOUR)
        if not file.exists() or file.read_text() != css:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(css)
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
