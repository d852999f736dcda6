from django.core.management.base import BaseCommand, CommandParser

from exams.importing import ImportRejected, import_results
from exams.importing.common import command_error


class Command(BaseCommand):
    help = (
        "Imports results from a CSV file with the header "
        "candidate_id,exam_code,session_date,overall_score followed by one column per "
        "component code. All rows are imported, or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="UTF-8 CSV file")
        parser.add_argument(
            "--amend",
            action="store_true",
            help="change results that are already released, keeping the old version",
        )

    def handle(self, *args: object, file: str, amend: bool, **options: object) -> None:
        try:
            report = import_results(file, amend=amend)
        except ImportRejected as exc:
            raise command_error(file, exc) from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
