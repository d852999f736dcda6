"""The exam board's data imports. Other apps and the management commands call these."""

from exams.importing.catalogue import CatalogueReport, load_catalogue
from exams.importing.common import ImportRejected
from exams.importing.entries import EntriesReport, import_entries
from exams.importing.results import ResultsReport, import_results

__all__ = [
    "CatalogueReport",
    "EntriesReport",
    "ImportRejected",
    "ResultsReport",
    "import_entries",
    "import_results",
    "load_catalogue",
]
