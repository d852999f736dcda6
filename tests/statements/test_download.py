from django.urls import reverse

from statements.models import Statement
from tests.factories import download, pdf_text, statement_url


def test_it_sends_the_owner_a_pdf_to_save(client, owner, released_result) -> None:
    client.force_login(owner.user)
    response = client.get(statement_url(released_result))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="statement-of-results-PGD961-PET.pdf"'
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


def test_it_prints_the_candidate_and_the_result(client, owner, released_result) -> None:
    client.force_login(owner.user)
    text = pdf_text(download(client, released_result))
    assert "Statement of Results" in text
    assert "PGD961 ONE" in text
    assert "ID Number" in text
    assert "PGD961" in text
    assert "2 April 2008" in text
    assert "Preliminary English Test" in text
    assert "13 June 2026" in text
    assert "Tokyo Centre" in text
    assert "Pass with Merit" in text
    assert "85 (scale 0–100)" in text
    assert "B1" in text


def test_it_lists_the_component_scores_in_exam_order(client, owner, released_result) -> None:
    client.force_login(owner.user)
    text = pdf_text(download(client, released_result))
    names = ["Reading", "Writing", "Listening", "Speaking"]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)
    for name, score in zip(names, ["88", "81", "90", "79"], strict=True):
        assert f"{name} {score}" in text


def test_it_prints_the_reference_and_how_to_verify_it(client, owner, released_result) -> None:
    client.force_login(owner.user)
    text = pdf_text(download(client, released_result))
    reference = Statement.objects.get(result=released_result).reference
    assert reference in text
    assert "verify this Statement of Results with its reference" in text


def test_it_keeps_the_reference_across_downloads(client, owner, released_result) -> None:
    client.force_login(owner.user)
    first, second = (
        pdf_text(download(client, released_result)),
        pdf_text(download(client, released_result)),
    )
    statement = Statement.objects.get()
    assert statement.result == released_result
    assert statement.reference in first
    assert statement.reference in second


def test_it_hides_the_result_from_another_candidate(client, outsider, released_result) -> None:
    client.force_login(outsider.user)
    issued = list(Statement.objects.values_list("result", "reference"))  # at the release
    assert client.get(statement_url(released_result)).status_code == 404
    assert list(Statement.objects.values_list("result", "reference")) == issued


def test_it_sends_an_anonymous_visitor_to_login(client, released_result) -> None:
    response = client.get(statement_url(released_result))
    assert response.status_code == 302
    assert response.url.startswith(reverse("candidates:login"))


def test_it_has_no_statement_before_release(client, owner) -> None:
    result = owner.entries.get().result
    client.force_login(owner.user)
    assert client.get(statement_url(result)).status_code == 404
    assert not Statement.objects.exists()


def test_it_lets_staff_download_any_released_result(
    client, django_user_model, released_result
) -> None:
    staff = django_user_model.objects.create_user("board", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert "PGD961 ONE" in pdf_text(download(client, released_result))


def test_it_hides_unreleased_results_from_staff_too(client, django_user_model, owner) -> None:
    staff = django_user_model.objects.create_user("board", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert client.get(statement_url(owner.entries.get().result)).status_code == 404


def test_it_refuses_a_post(client, owner, released_result) -> None:
    client.force_login(owner.user)
    assert client.post(statement_url(released_result)).status_code == 405
