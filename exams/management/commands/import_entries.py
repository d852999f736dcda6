from django.core.management.base import BaseCommand, CommandParser

from exams.importing import ImportRejected, import_entries
from exams.importing.common import command_error


class Command(BaseCommand):
    help = (
        "Imports candidates and their entries from a CSV file with the header "
        "candidate_id,secret_number,family_name,given_name,date_of_birth,email,"
        "exam_code,session_date,centre. All rows are imported, or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="UTF-8 CSV file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            report = import_entries(file)
        except ImportRejected as exc:
            raise command_error(file, exc) from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
