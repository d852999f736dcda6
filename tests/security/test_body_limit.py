"""A request body over REQUEST_BODY_MAX_BYTES gets a 413 page that says why; the bulk
verification CSV (up to 2 MB) still fits under the default."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User


def test_it_refuses_a_body_over_the_limit_with_a_page_that_says_why(client: Client, db) -> None:  # noqa: ANN001
    body = b"q=" + b"x" * (3 * 1024 * 1024)
    response = client.generic(
        "POST", reverse("candidates:register"), body, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "What you sent is too large" in response.text
    assert "up to 3 MB" in response.text


def test_it_accepts_a_bulk_file_of_2_mb(client: Client, rvs_member: User) -> None:
    client.force_login(rvs_member)
    rows = "candidate_id,secret_number\n" + "PGD961,1234\n" * (2 * 1024 * 1024 // 12 - 3)
    upload = SimpleUploadedFile("ids.csv", rows.encode(), content_type="text/csv")
    assert upload.size < 2 * 1024 * 1024
    response = client.post(reverse("organisations:bulk_verify"), {"file": upload})
    assert response.status_code == 200  # the file's own check (5,000 rows) answers


def test_it_follows_the_setting(client: Client, rvs_member: User, settings) -> None:  # noqa: ANN001
    settings.REQUEST_BODY_MAX_BYTES = 1024 * 1024
    client.force_login(rvs_member)
    upload = SimpleUploadedFile("ids.csv", b"x" * (1024 * 1024 + 1), content_type="text/csv")
    response = client.post(reverse("organisations:bulk_verify"), {"file": upload})
    assert response.status_code == 413
    assert "up to 1 MB" in response.text


def test_it_answers_too_many_fields_with_400(client: Client, db) -> None:  # noqa: ANN001
    data = {f"f{n}": "x" for n in range(1001)}
    client.raise_request_exception = False
    response = client.post(reverse("candidates:register"), data)
    assert response.status_code == 400
