"""Dates of birth as people type them: ISO (what a date input sends), or year/month/day
as Japanese forms and spreadsheets write it, full-width digits included."""

import unicodedata
from datetime import date, datetime
from typing import Any

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


def parse_date(text: str) -> date | None:
    typed = unicodedata.normalize("NFKC", text).strip()
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(typed, layout).date()
        except ValueError:
            continue
    return None


class DateOfBirthField(forms.DateField):
    """A date input that also takes `２００８/０４/０２` and `2008年4月2日`."""

    input_formats = DATE_FORMATS

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def to_python(self, value: str | date | None) -> date | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
        return super().to_python(value)
