from django.core.management.base import BaseCommand, CommandParser

from directory.importing import COLUMNS, import_organisations
from exams.api import ImportRejected, command_error


class Command(BaseCommand):
    help = (
        f"Imports the organisation directory from a CSV file with the header {','.join(COLUMNS)}: "
        "one row per account (an organisation's faculty or department), aliases separated by "
        "|. Existing organisations and accounts are updated, none deleted. All rows are "
        "imported, or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="UTF-8 CSV file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            report = import_organisations(file)
        except ImportRejected as exc:
            raise command_error(file, exc) from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
