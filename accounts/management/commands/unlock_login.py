"""manage.py unlock_login USERNAME…: the way back for a locked account, staff's included,
when no other member of staff can sign in to the admin."""

from django.core.management.base import BaseCommand, CommandParser

from accounts.models import User
from limits import api as limits


class Command(BaseCommand):
    help = "Ends the sign-in lock of the given usernames (ID Numbers, emails, staff names)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args: object, usernames: list[str], **options: object) -> None:
        for username in usernames:
            if not User.objects.filter(username=username).exists():
                self.stderr.write(f"No account with username {username!r}; unlocked anyway.")
        limits.unlock_login(usernames)
        self.stdout.write(f"Sign-in unlocked for: {', '.join(usernames)}")
