"""Cells for CSV files that people open in Excel, LibreOffice or Google Sheets.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, so a
candidate named `=HYPERLINK("http://evil", "click")` would become a live link in an
admissions officer's sheet (CSV injection). A leading single quote makes the cell plain
text; the quote itself is not shown. Tab and carriage return can smuggle a formula past
a naive check, so they are neutralised too.
"""

FORMULA_STARTS = frozenset("=+-@\t\r")


def safe_cell(value: object) -> str:
    """`value` as text that no spreadsheet will run; None becomes an empty cell."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS:
        return "'" + text
    return text
