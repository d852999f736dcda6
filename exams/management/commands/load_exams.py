from django.core.management.base import BaseCommand, CommandParser

from exams.importing import ImportRejected, load_catalogue
from exams.importing.common import command_error


class Command(BaseCommand):
    help = "Loads or updates the exam catalogue (exams, components, grade bands) from YAML or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .yaml, .yml or .json catalogue file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            report = load_catalogue(file)
        except ImportRejected as exc:
            raise command_error(file, exc) from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
