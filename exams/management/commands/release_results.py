from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from exams.api import ExamSession, find_session, release_session, schedule_release


def _parse_session_date(raw: str) -> date:
    try:
        parsed = parse_date(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(_("--session must be a date like 2026-06-13, not %r.") % raw)
    return parsed


def _parse_release_time(raw: str) -> datetime:
    try:
        parsed = parse_datetime(raw.replace(" ", "T", 1))
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(_("--at must be a date and time like 2026-07-01T00:00, not %r.") % raw)
    if timezone.is_naive(parsed):
        # A time without an offset is the board's local time (TIME_ZONE).
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(BaseCommand):
    help = "Releases the results of an exam session now, or schedules the release."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--exam", required=True, help="exam code, e.g. PET")
        parser.add_argument("--session", required=True, help="session date, e.g. 2026-06-13")
        parser.add_argument(
            "--at", help="release at this time instead of now (board's time zone if no offset)"
        )

    def handle(self, *args: object, **options: str) -> None:
        session_date = _parse_session_date(options["session"])
        session = find_session(options["exam"], session_date)
        if session is None:
            raise CommandError(
                _("There is no %(exam)s session on %(date)s.")
                % {"exam": options["exam"], "date": session_date.isoformat()}
            )
        if options["at"]:
            self._schedule(session, _parse_release_time(options["at"]))
        elif release_session(session):
            self.stdout.write(_("Released %(session)s.") % {"session": session})
        else:
            when = timezone.localtime(session.released_at).isoformat(timespec="minutes")
            self.stdout.write(
                _("%(session)s was already released at %(when)s; nothing sent.")
                % {"session": session, "when": when}
            )

    def _schedule(self, session: ExamSession, at: datetime) -> None:
        if session.is_released:
            raise CommandError(_("%(session)s is already released.") % {"session": session})
        schedule_release(session, at)
        when = timezone.localtime(at).isoformat(timespec="minutes")
        self.stdout.write(
            _("%(session)s will be released at %(when)s by the background worker.")
            % {"session": session, "when": when}
        )
