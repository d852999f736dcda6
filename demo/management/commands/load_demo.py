"""Loads the demo: catalogue, two sessions, a registered candidate and exam-board staff.

Safe to run again: it updates what is there and creates what is missing.
"""

import datetime as dt
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.api import User
from directory.api import OrganisationAccount
from exams.api import Candidate, ExamSession, find_session, release_session, schedule_release
from organisations.api import Membership, Role, Status

DEMO = Path(__file__).resolve().parents[2] / "data"
CATALOGUE = Path(settings.BASE_DIR) / "exams" / "catalogue" / "demo.yaml"
DIRECTORY = Path(settings.BASE_DIR) / "directory" / "data" / "demo.csv"
CANDIDATE_ID, CANDIDATE_PASSWORD = "PGD961", "results-demo-2026"
NEW_CANDIDATE_ID, NEW_SECRET_NUMBER = "JPN2026", "4821"
STAFF_USERNAME, STAFF_PASSWORD = "admin", "board-demo-2026"
RVS_EMAIL, RVS_PASSWORD = "admissions@waseda.example.jp", "rvs-demo-2026"


def _session(exam_code: str, date: dt.date) -> ExamSession:
    """A session of the demo catalogue (load_exams has just loaded it)."""
    session = find_session(exam_code, date)
    if session is None:
        raise CommandError(f"The demo catalogue has no {exam_code} session on {date}.")
    return session


class Command(BaseCommand):
    help = "Loads demo data for `make demo`."

    def handle(self, *args: object, **options: object) -> None:
        # The demo's passwords are printed in the README: never on a real service.
        if not settings.DEBUG:
            raise CommandError(
                "load_demo sets passwords that are published in the README, so it runs only "
                "with DEBUG=1 (the demo). Refusing to run with DEBUG off."
            )
        quiet = StringIO()
        call_command("load_exams", str(CATALOGUE), stdout=quiet)
        call_command("import_entries", str(DEMO / "entries.csv"), stdout=quiet)
        for results in sorted(DEMO.glob("results-*.csv")):
            call_command("import_results", str(results), "--amend", stdout=quiet)
        call_command("import_organisations", str(DIRECTORY), stdout=quiet)
        self._organisation_user()
        self._release()
        self._register_demo_candidate()
        self._staff()
        self._print_welcome()

    def _release(self) -> None:
        release_session(_session("PET", dt.date(2026, 6, 13)))
        fce = _session("FCE", dt.date(2026, 11, 14))
        if not fce.is_released:
            at = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
            schedule_release(fce, at + dt.timedelta(days=3))

    @transaction.atomic
    def _register_demo_candidate(self) -> None:
        candidate = Candidate.objects.get(candidate_id=CANDIDATE_ID)
        user, _created = User.objects.get_or_create(username=CANDIDATE_ID)
        user.first_name, user.last_name = candidate.given_name, candidate.family_name
        user.language = ""  # not chosen: pages follow the browser (as for every demo user)
        user.set_password(CANDIDATE_PASSWORD)
        user.save()
        user.confirm_email(candidate.email or "pgd961@example.org")
        candidate.user = user
        candidate.save(update_fields=["user"])

    @transaction.atomic
    def _organisation_user(self) -> None:
        """WASEDA's admissions office has an open account with one administrator; the rest
        of the directory has none yet, so what candidates send them waits (pending)."""
        account = OrganisationAccount.objects.get(
            organisation__name="WASEDA University", department__startswith="Admissions Office"
        )
        OrganisationAccount.objects.filter(pk=account.pk).update(is_active=True)
        user, _created = User.objects.get_or_create(
            username=RVS_EMAIL, defaults={"email": RVS_EMAIL}
        )
        user.first_name = "Hanako Admissions"
        user.language = ""
        user.set_password(RVS_PASSWORD)
        user.save()
        user.confirm_email(RVS_EMAIL)
        Membership.objects.update_or_create(
            user=user,
            account=account,
            defaults={"role": Role.ADMIN, "status": Status.APPROVED},
        )

    def _staff(self) -> None:
        staff, _created = User.objects.get_or_create(
            username=STAFF_USERNAME, defaults={"email": "board@example.org"}
        )
        staff.is_staff = staff.is_superuser = True
        staff.language = ""
        staff.set_password(STAFF_PASSWORD)
        staff.save()

    def _print_welcome(self) -> None:
        url = settings.SITE_URL
        emails = settings.EMAIL_FILE_PATH
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded.")
            + f"""

  Candidate website      {url}/
    Log in               ID Number {CANDIDATE_ID}, password {CANDIDATE_PASSWORD}
    Register             ID Number {NEW_CANDIDATE_ID}, Secret Number {NEW_SECRET_NUMBER}
  Organisations (RVS)    {url}/rvs/  (email {RVS_EMAIL}, password {RVS_PASSWORD})
  Exam-board admin       {url}/admin/  (user {STAFF_USERNAME}, password {STAFF_PASSWORD})
  Emails                 one .eml file each (open in a mail client) in {emails}
"""
        )
