"""The exam board's data: catalogue, sessions, candidates, entries, results."""

import hashlib
import hmac
import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(obj: object, field: str) -> str:
    """`obj.<field>_ja` when the page is in Japanese and it is filled, else `<field>_en`."""
    if get_language() == "ja":
        value = getattr(obj, f"{field}_ja", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class Exam(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    score_min = models.IntegerField(_("lowest score on the scale"))
    score_max = models.IntegerField(_("highest score on the scale"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self) -> str:
        return f"{self.code}: {self.name_en}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def name_with_code(self) -> str:
        """The name and its code, "Preliminary English Test (PET)"; the name alone when it
        already says the code (a Japanese name often does)."""
        name = self.name
        return name if self.code.casefold() in name.casefold() else f"{name} ({self.code})"

    @property
    def description(self) -> str:
        return localized(self, "description")

    def band_for(self, score: int) -> "GradeBand | None":
        """The grade band that `score` falls in, from the bands already fetched."""
        for band in self.bands.all():
            if band.min_score <= score <= band.max_score:
                return band
        return None


class Component(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["exam", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "code"], name="unique_component_code")
        ]
        verbose_name = _("component")
        verbose_name_plural = _("components")

    def __str__(self) -> str:
        return f"{self.exam.code} {self.code}"

    @property
    def name(self) -> str:
        return localized(self, "name")


class GradeBand(models.Model):
    """A score range of an exam and the result text and CEFR level it gives."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="bands")
    min_score = models.IntegerField(_("from score"))
    max_score = models.IntegerField(_("to score"))
    grade_en = models.CharField(_("result (English)"), max_length=100)
    grade_ja = models.CharField(_("result (Japanese)"), max_length=100, blank=True)
    cefr_level = models.CharField(_("CEFR level"), max_length=10, blank=True)

    class Meta:
        ordering = ["exam", "-min_score"]
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")

    def __str__(self) -> str:
        return f"{self.exam.code} {self.min_score}–{self.max_score}: {self.grade_en}"


class ExamSessionQuerySet(models.QuerySet):
    def due_for_release(self) -> "ExamSessionQuerySet":
        return self.filter(released_at__isnull=True, release_at__lte=timezone.now())


class ExamSession(models.Model):
    """One sitting of an exam on one date. Its results are released together."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("session date"))
    release_at = models.DateTimeField(_("release scheduled for"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    objects = ExamSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "exam__code"]
        constraints = [models.UniqueConstraint(fields=["exam", "date"], name="unique_exam_session")]
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")

    def __str__(self) -> str:
        return f"{self.exam.code} {self.date.isoformat()}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


def hash_secret_number(secret_number: str) -> str:
    """Keyed hash of a Secret Number: the number itself is never stored.

    NFKC first, so that the full-width `４８２１` of a Japanese keyboard is `4821`; an ASCII
    secret is unchanged by it, so hashes stored before keep matching."""
    key = settings.SECRET_NUMBER_KEY.encode()
    typed = unicodedata.normalize("NFKC", secret_number).strip()
    return hmac.new(key, typed.encode(), hashlib.sha256).hexdigest()


def normalize_candidate_id(raw: str) -> str:
    """ID Numbers are compared without case, surrounding spaces or compatibility forms
    (`pgd961` and the full-width `ＰＧＤ９６１` are `PGD961`). The result may be longer than
    what was typed (`ß` is `SS`): check its length after this, not before."""
    return unicodedata.normalize("NFKC", raw).strip().upper()


def _is_cjk(text: str) -> bool:
    return any(
        "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
        for ch in text
    )


def full_name(family_name: str, given_name: str) -> str:
    """Given name first, except for names in Japanese (or Chinese, Korean) script,
    which are written family name first: 佐藤 結衣, but Yui SATO."""
    if _is_cjk(family_name + given_name):
        return f"{family_name} {given_name}".strip()
    return f"{given_name} {family_name}".strip()


class CandidateQuerySet(models.QuerySet):
    def emailed_at_release(self, session: "ExamSession") -> "CandidateQuerySet":
        """Who the release of `session` emails: registered candidates with a confirmed
        address and a result in the session."""
        return self.filter(
            entries__session=session,
            entries__result__isnull=False,
            user__is_active=True,
            user__email_confirmed_at__isnull=False,
        ).exclude(user__email="")


class Candidate(models.Model):
    """A person from the Confirmation of Entry, registered or not.

    Personal data: candidate_id, family_name, given_name, date_of_birth, email.
    """

    candidate_id = models.CharField(_("ID Number"), max_length=32, unique=True)
    secret_number_hash = models.CharField(max_length=64, editable=False)
    family_name = models.CharField(_("family name"), max_length=150)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("email on the entry"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate",
        verbose_name=_("account"),
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["candidate_id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.full_name}"

    @property
    def full_name(self) -> str:
        """Given name first, except for names in Japanese (or Chinese, Korean) script,
        which are written family name first: 佐藤 結衣, but Yui SATO."""
        return full_name(self.family_name, self.given_name)

    def set_secret_number(self, secret_number: str) -> None:
        self.secret_number_hash = hash_secret_number(secret_number)

    def check_secret_number(self, secret_number: str) -> bool:
        return hmac.compare_digest(self.secret_number_hash, hash_secret_number(secret_number))


class Entry(models.Model):
    """A candidate's entry for one exam session (the Confirmation of Entry)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="entries")
    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="entries")
    centre = models.CharField(_("exam centre"), max_length=200, blank=True)
    centre_ja = models.CharField(_("exam centre in Japanese"), max_length=200, blank=True)

    class Meta:
        ordering = ["-session__date"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "session"], name="unique_entry")
        ]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self) -> str:
        return f"{self.candidate.candidate_id} {self.session}"

    @property
    def centre_name(self) -> str:
        """The exam centre in the page's language: Japanese pages show its Japanese name."""
        if self.centre_ja and get_language() == "ja":
            return self.centre_ja
        return self.centre


class ResultQuerySet(models.QuerySet):
    def released(self) -> "ResultQuerySet":
        return self.filter(entry__session__released_at__isnull=False)

    def for_candidate(self, candidate: Candidate) -> "ResultQuerySet":
        return self.filter(entry__candidate=candidate)


class Result(models.Model):
    """The current result of an entry. Amendments keep the earlier version as a revision."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="result")
    overall_score = models.IntegerField(_("overall score"))
    grade_en = models.CharField(_("result (English)"), max_length=100)
    grade_ja = models.CharField(_("result (Japanese)"), max_length=100, blank=True)
    cefr_level = models.CharField(_("CEFR level"), max_length=10, blank=True)
    component_scores = models.JSONField(_("component scores"), default=dict)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    amended_at = models.DateTimeField(_("amended at"), null=True, blank=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.entry}: {self.overall_score} {self.grade_en}"

    @property
    def grade(self) -> str:
        return localized(self, "grade")

    @property
    def is_released(self) -> bool:
        return self.entry.session.is_released

    def component_scores_in_order(self) -> list[tuple["Component", int | None]]:
        """Each of the exam's components, in the exam's order, with this result's score
        (None where the result has none): what every page, export and PDF lists."""
        scores = self.component_scores or {}
        return [(c, scores.get(c.code)) for c in self.entry.session.exam.components.all()]


class ResultRevision(models.Model):
    """An earlier version of a released result, kept when staff amend it."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="revisions")
    overall_score = models.IntegerField(_("overall score"))
    grade_en = models.CharField(_("result (English)"), max_length=100)
    grade_ja = models.CharField(_("result (Japanese)"), max_length=100, blank=True)
    cefr_level = models.CharField(_("CEFR level"), max_length=10, blank=True)
    component_scores = models.JSONField(_("component scores"), default=dict)
    valid_from = models.DateTimeField(_("valid from"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name = _("result revision")
        verbose_name_plural = _("result revisions")

    def __str__(self) -> str:
        return f"{self.overall_score} {self.grade_en} (until {self.replaced_at:%Y-%m-%d})"
