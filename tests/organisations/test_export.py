"""The CSV export of the inbox: same filters, safe cells, Japanese names intact."""

import csv
import io

import pytest
from django.urls import reverse

from lib.spreadsheet import safe_cell
from organisations.models import AuditEvent
from statements.models import Statement
from tests.factories import make_candidate, share_result

URL = reverse("organisations:export")


def export(client, user, **filters) -> list[dict[str, str]]:
    client.force_login(user)
    response = client.get(URL, filters)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_it_exports_the_inbox(client, rvs_member, inbox_share, second_share, pet_requirement):
    rows = export(client, rvs_member)
    assert [row["ID Number"] for row in rows] == ["XYZ123", "PGD961"]
    one = rows[1]
    assert one["Family name"] == "ONE" and one["Given name"] == "PGD961"
    assert one["Date of birth"] == "2008-04-02"
    assert one["Exam"] == "PET" and one["Session date"] == "2026-06-13"
    assert one["Result"] == "Pass with Merit" and one["Overall score"] == "85"
    assert one["CEFR level"] == "B1" and one["Status"] == "New"
    assert one["Received"].endswith("+09:00")  # the time says its zone
    assert (one["Reading"], one["Writing"], one["Listening"], one["Speaking"]) == (
        "88", "81", "90", "79",
    )  # fmt: skip
    assert one["Meets requirements"] == "Yes"
    assert rows[0]["Meets requirements"] == "No"
    reference = Statement.objects.get(result=inbox_share.result).reference
    assert one["Statement of Results reference"] == reference


def test_it_writes_the_header_in_japanese(client, rvs_member, inbox_share) -> None:
    rvs_member.language = "ja"
    rvs_member.save()
    header = export(client, rvs_member)[0].keys()
    assert "リーディング" in header and "総合スコア" in header
    # The glossary keeps "ID Number" as the guide writes it, in both languages.
    assert [name for name in header if name.isascii()] == ["ID Number"]


def test_it_applies_the_inbox_filters(client, rvs_member, inbox_share, second_share) -> None:
    rows = export(client, rvs_member, q="yamada")
    assert [row["ID Number"] for row in rows] == ["XYZ123"]
    event = AuditEvent.objects.get(action="export")
    assert event.user == rvs_member
    assert event.params == {"rows": 1, "filters": "q=yamada"}


def test_it_neutralises_formulas(client, rvs_member, released_pet, rvs_account) -> None:
    candidate = make_candidate(
        released_pet, "EVIL01", score=80, family='=HYPERLINK("x")', given="+1"
    )
    share_result(candidate, rvs_account)
    row = export(client, rvs_member)[0]
    assert row["Family name"] == '\'=HYPERLINK("x")'
    assert row["Given name"] == "'+1"


def test_it_keeps_japanese_names(client, rvs_member, released_pet, rvs_account) -> None:
    candidate = make_candidate(released_pet, "JPN001", score=80, family="佐藤", given="結衣")
    share_result(candidate, rvs_account)
    row = export(client, rvs_member)[0]
    assert (row["Family name"], row["Given name"]) == ("佐藤", "結衣")


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
     ("\r=1", "'\r=1"), ("+81 3", "'+81 3"), ("Sato", "Sato"), (85, "85"), (None, "")],
)  # fmt: skip
def test_it_makes_cells_safe(value, cell) -> None:
    assert safe_cell(value) == cell


def test_it_shows_another_organisation_nothing(client, rvs_outsider, inbox_share) -> None:
    rows = export(client, rvs_outsider)
    assert rows == []


@pytest.mark.parametrize("who", ["pending_user", "owner_user"])
def test_it_refuses_others(client, request, who, inbox_share, owner) -> None:
    user = owner.user if who == "owner_user" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert not AuditEvent.objects.exists()


def test_it_sends_visitors_to_the_login(client, inbox_share) -> None:
    assert client.get(URL).url.startswith(reverse("organisations:login"))
