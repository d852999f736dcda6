"""Helpers for the Statement of Results tests: the owner's released result, and PDF text."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from exams.api import release_session
from exams.models import Candidate, ExamSession, Result


@pytest.fixture
def released(owner: Candidate, pet_session: ExamSession) -> Result:
    """The owner's PET result (85), released, with all four component scores."""
    release_session(pet_session)
    result = Result.objects.get(entry__candidate=owner)
    result.component_scores = {"reading": 88, "writing": 81, "listening": 90, "speaking": 79}
    result.save()
    return result


def statement_url(result: Result) -> str:
    return reverse("statements:download", args=[result.uuid])


def pdf_text(content: bytes) -> str:
    """The text a reader of the PDF sees, as pypdf extracts it, each run of white space
    (a line or a table cell ending) made one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def download(client: Client, result: Result, language: str = "en") -> bytes:
    response = client.get(statement_url(result), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content
