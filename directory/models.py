"""The organisation directory: institutions and the accounts candidates send results to.

The tables kept their names from when the directory lived in `sharing` until migration
0002 renamed them; the rows never moved (see migrations 0001 and 0002).
"""

import re
import uuid
from functools import lru_cache

from django.db import models
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lib.searchtext import search_words
from lib.untrusted import without_control_characters

SORT_KEY_SEPARATOR = "\x01"
# Scripts written without spaces between words (and Hangul, whose compounds are long):
# a query in them may match anywhere, not only at the start of a word.
CJK = re.compile(
    "[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003ffff]"
)


class OrganisationType(models.TextChoices):
    UNIVERSITY = "university", _("University or college")
    EMPLOYER = "employer", _("Employer")
    IMMIGRATION = "immigration", _("Immigration authority")
    OTHER = "other", _("Other")


@lru_cache(maxsize=1024)
def _country_name(code: str, language: str | None) -> str:
    """Kept per language: django-countries looks it up and translates it each time, a
    quarter of the time the search's list of twenty organisations takes to render."""
    return str(countries.name(code)) or code


class Organisation(models.Model):
    """An institution in the directory. It has one account per faculty or department."""

    name = models.CharField(_("name"), max_length=200)
    name_ja = models.CharField(
        _("name in Japanese"), max_length=200, blank=True, help_text=_("Shown on Japanese pages")
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO code, e.g. JP"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One per line, e.g. 早稲田大学")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country", "city"], name="unique_organisation")
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the page's language: Japanese pages show the Japanese name if any."""
        if self.name_ja and get_language() == "ja":
            return self.name_ja
        return self.name

    @property
    def country_name(self) -> str:
        """The country's name in the page's language (django-countries translates it)."""
        return _country_name(self.country, get_language())

    @property
    def alias_list(self) -> list[str]:
        return [alias for alias in self.aliases.splitlines() if alias.strip()]


class AccountQuerySet(models.QuerySet):
    def active(self) -> "AccountQuerySet":
        return self.filter(is_active=True)


class OrganisationAccount(models.Model):
    """What a candidate sends a result to: an organisation's faculty or department."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="accounts"
    )
    department = models.CharField(_("faculty or department"), max_length=200, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=False,
        help_text=_("Has users of the verification service, who receive shares at once."),
    )
    search_text = models.TextField(editable=False, default="")
    # The normalised words of the organisation's name alone, of the rest, and the order in
    # which the search lists accounts (see directory/search.py): all follow search_text.
    name_text = models.TextField(editable=False, default="")
    rest_text = models.TextField(editable=False, default="")  # department and aliases
    sort_key = models.TextField(editable=False, default="")
    listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_(
            "Candidates find it. An account applied for by a new organisation is "
            "listed once staff approve it."
        ),
    )

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "department"], name="unique_account_department"
            )
        ]
        verbose_name = _("organisation account")
        verbose_name_plural = _("organisation accounts")

    def __str__(self) -> str:
        if self.department:
            return f"{self.organisation.local_name} – {self.department}"
        return self.organisation.local_name

    def name_in(self, language: str) -> str:
        """The account's name as a page or email in `language` gives it."""
        with translation.override(language):
            return str(self)

    def refresh_search_text(self) -> None:
        """Normalised words of the name, department, Japanese name and aliases, for prefix
        search, and the key the search ranks by (see `search_columns`)."""
        org = self.organisation
        aliases = [org.name_ja, *org.alias_list]  # the Japanese name is searched as an alias
        self.search_text, self.name_text, self.rest_text, self.sort_key = search_columns(
            org.name, self.department, aliases, org.city
        )


def search_columns(name: str, department: str, aliases: list[str], city: str) -> tuple[str, ...]:
    """An account's search_text, name_text, rest_text and sort_key (for directory/search.py).

    The texts hold the normalised words, then each word in a CJK script once more with its
    characters fenced ("|早|稲|田|"): a trigram index cannot serve "%上智%" (two characters),
    but it serves "%|上|智|%". The sort key is the name's words, the rest (department,
    aliases), then the city, joined by \\x01, which sorts before every character the parts
    hold: comparing two keys compares (name, rest, city) in turn, in SQL as in Python."""
    search_text = search_words([name, department, *aliases])
    name_text = search_words([name])
    rest = search_text[len(name_text) :]
    parts = (name_text, rest, without_control_characters(city))
    sort_key = SORT_KEY_SEPARATOR.join(parts)
    texts = (search_text, name_text, " " + rest)
    return *(text + _fenced(text) for text in texts), sort_key


def fenced(word: str) -> str:
    """`word` as the texts hold it after the words: "|早|稲|田|"."""
    return "|" + "|".join(word) + "|"


def _fenced(text: str) -> str:
    return "".join(fenced(word) + " " for word in text.split() if CJK.search(word))
