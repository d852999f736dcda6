"""An account that set no score requirements hears nothing about them: no red cross on
every result, no column, no filter, no "No" in the export."""

import csv
import io

from django.urls import reverse

from tests.factories import make_rvs_user


def test_it_the_result_page_says_nothing_about_requirements(
    client, rvs_member, inbox_share
) -> None:
    client.force_login(rvs_member)
    text = client.get(reverse("organisations:share", args=[inbox_share.uuid])).text
    assert "Does not meet" not in text and "not an accepted exam" not in text
    assert "requirement-check" not in text
    assert "Preliminary English Test (PET)" in text


def test_it_the_japanese_pages_neither_and_the_exam_name_is_not_doubled(
    client, rvs_account, inbox_share
) -> None:
    client.force_login(make_rvs_user("ja@waseda.example.jp", rvs_account, language="ja"))
    share = client.get(
        reverse("organisations:share", args=[inbox_share.uuid]), HTTP_ACCEPT_LANGUAGE="ja"
    ).text
    assert "満たさない" not in share
    assert "PET（Preliminary English Test）</dd>" in share  # not "… (PET)" once more
    inbox = client.get(reverse("organisations:inbox"), HTTP_ACCEPT_LANGUAGE="ja").text
    assert "満たさない" not in inbox and "PGD961" in inbox


def test_it_the_inbox_has_no_requirements_column_or_filter(client, rvs_member, inbox_share) -> None:
    client.force_login(rvs_member)
    text = client.get(reverse("organisations:inbox")).text
    assert "Does not meet" not in text
    assert 'data-label="Requirements"' not in text and ">Requirements</th>" not in text
    assert 'name="meets"' not in text
    assert "check it against your score requirements" not in text


def test_it_the_export_leaves_the_column_empty(client, rvs_member, inbox_share) -> None:
    client.force_login(rvs_member)
    response = client.get(reverse("organisations:export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["Meets requirements"] == ""


def test_it_with_requirements_the_check_is_back(
    client, rvs_member, inbox_share, pet_requirement
) -> None:
    client.force_login(rvs_member)
    text = client.get(reverse("organisations:share", args=[inbox_share.uuid])).text
    assert "Meets your score requirements" in text
    assert 'name="meets"' in client.get(reverse("organisations:inbox")).text
