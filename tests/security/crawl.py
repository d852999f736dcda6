"""Every page of the site, found from the URLconf, and the forms and links on each.

The hostile-input test walks these, so a page added to any urls.py is covered without
anyone remembering to list it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern


@dataclass(frozen=True)
class Route:
    """A named URL pattern: "namespace:name", its parameters and their converter."""

    name: str
    params: dict[str, str]
    model: type[Model] | None  # the admin's model, for its object_id

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def _converter(pattern: URLPattern | URLResolver) -> dict[str, str]:
    if isinstance(pattern.pattern, RoutePattern):
        return {
            name: type(converter).__name__.removesuffix("Converter").lower()
            for name, converter in pattern.pattern.converters.items()
        }
    return dict.fromkeys(pattern.pattern.regex.groupindex, "regex")


def routes() -> list[Route]:
    """Every named pattern of the URLconf, its parameters with their converters."""
    found: dict[str, Route] = {}

    def walk(patterns: list, namespace: str, params: dict[str, str]) -> None:
        for pattern in patterns:
            here = {**params, **_converter(pattern)}
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, here)
            elif pattern.name:
                model_admin = getattr(pattern.callback, "model_admin", None)
                model = model_admin.model if model_admin else None
                found.setdefault(
                    namespace + pattern.name, Route(namespace + pattern.name, here, model)
                )

    walk(get_resolver().url_patterns, "", {})
    return list(found.values())


@dataclass
class Form:
    action: str
    method: str
    # name → what a browser would send untouched (None: an unticked box, not sent)
    fields: dict[str, str | None] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class _PageParser(HTMLParser):
    """The <form>s (input, select, textarea names and values) and <a href>s of a page."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attr_list}
        handler = getattr(self, f"_start_{tag}", None)
        if tag == "option":
            self._option(attrs)
        elif tag == "form":
            action = urljoin(self.url, attrs.get("action") or self.url)
            self._form = Form(action, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag == "a" and attrs.get("href", "").startswith(("/", "?")):
            self.links.append(urljoin(self.url, attrs["href"]))
        elif self._form is not None and attrs.get("name") and handler:
            handler(attrs)

    def _start_input(self, attrs: dict[str, str]) -> None:
        kind = attrs.get("type", "text").lower()
        if kind == "file":
            self._form.files.add(attrs["name"])
        elif kind in ("submit", "image", "button", "reset"):
            self._form.fields.setdefault(attrs["name"], attrs.get("value", ""))
        elif kind not in ("checkbox", "radio") or "checked" in attrs:
            self._form.fields[attrs["name"]] = attrs.get("value", "")
        else:
            self._form.fields.setdefault(attrs["name"], None)

    def _start_select(self, attrs: dict[str, str]) -> None:
        self._select = attrs["name"]
        self._form.fields.setdefault(self._select, "")

    def _start_textarea(self, attrs: dict[str, str]) -> None:
        self._form.fields[attrs["name"]] = ""

    def _start_button(self, attrs: dict[str, str]) -> None:
        self._form.fields.setdefault(attrs["name"], attrs.get("value", ""))

    def _option(self, attrs: dict[str, str]) -> None:
        # The selected option, else the first with a value (a real choice, not "—").
        if self._form is None or not self._select:
            return
        if "selected" in attrs or not self._form.fields[self._select]:
            self._form.fields[self._select] = attrs.get("value", "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Page:
    url: str
    forms: list[Form]
    query_names: set[str]  # query parameters that links on the page send to the page itself


def parse_page(url: str, html: str) -> Page:
    parser = _PageParser(url)
    parser.feed(html)
    path = urlsplit(url).path
    names = {
        name
        for link in parser.links
        if urlsplit(link).path == path
        for name, _value in parse_qsl(urlsplit(link).query, keep_blank_values=True)
    }
    return Page(url, parser.forms, names)


def fill(route: Route, values: Callable[[str, Route], str | None]) -> dict[str, str] | None:
    """The route's parameters from `values` (name → value); None if one has no value."""
    kwargs = {}
    for name in route.params:
        value = values(name, route)
        if value is None:
            return None
        kwargs[name] = value
    return kwargs


def rotate(items: list[str], start: int) -> Iterator[str]:
    """`items` from `start` on, round and round (to spread values over fields)."""
    while True:
        yield items[start % len(items)]
        start += 1
