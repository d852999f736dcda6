"""Reading spreadsheet-made CSV files one row at a time.

Exam boards export from Excel and friends: UTF-8 with or without a BOM, CRLF line ends,
stray spaces around cells and blank lines at the end. This module hides all of that and
never holds more than one row, so files of any size can be read. It knows nothing about
Django: problems are raised as `CsvInputError` with a code for the caller to word.
"""

import codecs
import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from tqdm import tqdm

Source = str | os.PathLike[str] | BinaryIO
T = TypeVar("T")


class CsvInputError(Exception):
    """The file as a whole cannot be read; `problem` is one of the class constants."""

    MISSING = "missing"
    UNREADABLE = "unreadable"
    NOT_UTF8 = "not_utf8"
    EMPTY = "empty"
    MALFORMED = "malformed"

    def __init__(self, problem: str, *, line: int | None = None, detail: str = "") -> None:
        super().__init__(f"{problem} (line {line}): {detail}")
        self.problem = problem
        self.line = line
        self.detail = detail


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: `line` is the file line it starts on (the header is line 1)."""

    line: int
    values: dict[str, str]
    width: int

    def get(self, column: str) -> str:
        return self.values.get(column, "")


class CsvReader:
    """The header and data rows of one CSV file. Use as a context manager."""

    def __init__(self, source: Source) -> None:
        self._file, self._owned = _open_binary(source)
        self.size = _size(self._file)
        self.bytes_read = 0
        self._reader = csv.reader(self._decoded_lines())
        self._last_line = 0
        self.header: list[str] = self._read_header()

    def __enter__(self) -> "CsvReader":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._owned:
            self._file.close()

    def rows(self, progress: bool | None = None) -> Iterator[CsvRow]:
        """Data rows, blank ones skipped. `progress=None` shows a bar only on a terminal."""
        disable = None if progress is None else not progress
        with tqdm(total=self.size, unit="B", unit_scale=True, disable=disable) as bar:
            for count, (line, cells) in enumerate(self._records(), start=1):
                if count % 1000 == 0:
                    bar.update(self.bytes_read - bar.n)
                yield CsvRow(line, dict(zip(self.header, cells, strict=False)), len(cells))
            bar.update(self.bytes_read - bar.n)

    def _read_header(self) -> list[str]:
        for _line, cells in self._records():
            return cells
        raise CsvInputError(CsvInputError.EMPTY)

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(first line, stripped cells) of each non-blank record."""
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CsvInputError(
                    CsvInputError.MALFORMED, line=self._reader.line_num, detail=str(exc)
                ) from None
            line, self._last_line = self._last_line + 1, self._reader.line_num
            cells = [cell.strip() for cell in cells]
            if any(cells):
                yield line, cells

    def _decoded_lines(self) -> Iterator[str]:
        # Decoding line by line (safe: UTF-8 never has a newline byte inside a character)
        # lets a decoding error name its exact line, which an 8 KB text buffer cannot.
        for number, raw in enumerate(self._file, start=1):
            self.bytes_read += len(raw)
            if number == 1:
                raw = _without_bom(raw)
            if b"\0" in raw:  # a binary file; PostgreSQL would refuse it in text anyway
                raise CsvInputError(CsvInputError.MALFORMED, line=number, detail="NUL character")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CsvInputError(
                    CsvInputError.NOT_UTF8, line=number, detail=exc.reason
                ) from None


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items (itertools.batched arrives only in Python 3.12)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _without_bom(raw: bytes) -> bytes:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvInputError(CsvInputError.NOT_UTF8, line=1, detail="UTF-16")
    return raw.removeprefix(codecs.BOM_UTF8)


def _open_binary(source: Source) -> tuple[BinaryIO, bool]:
    if not isinstance(source, str | os.PathLike):
        return source, False
    try:
        return Path(source).open("rb"), True
    except FileNotFoundError:
        raise CsvInputError(CsvInputError.MISSING) from None
    except OSError as exc:
        raise CsvInputError(CsvInputError.UNREADABLE, detail=exc.strerror or str(exc)) from None


def _size(file: BinaryIO) -> int | None:
    try:
        return os.fstat(file.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return None
