"""Bulk verification: a CSV file in, a report by line on screen and as a CSV download."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from exams.api import release_session
from limits.models import Counter
from organisations.models import AuditEvent, Verification
from statements.api import statement_for
from tests.factories import make_candidate

URL = reverse("organisations:bulk_verify")


@pytest.fixture
def released(owner, outsider, pet_session):
    """PGD961 ONE (secret 1234, PET 85), Hanako YAMADA (XYZ123, 9876) and 佐藤 結衣."""
    make_candidate(pet_session, "JPN001", secret="5555", score=72, family="佐藤", given="結衣")
    release_session(pet_session)
    return owner


def upload(client, text: str, bom: bool = False):
    data = ("\ufeff" if bom else "") + text
    file = SimpleUploadedFile("candidates.csv", data.encode(), content_type="text/csv")
    return client.post(URL, {"file": file})


def download(client, response) -> list[list[str]]:
    csv_response = client.get(report_url(response))
    assert csv_response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))


def report_url(response) -> str:
    return reverse("organisations:bulk_verify_report", args=[response.context["report_id"]])


MIXED = (
    "candidate_id,secret_number\r\n"
    "pgd961,1234\r\n"  # line 2: match
    "XYZ123,0000\r\n"  # line 3: no match
    "\r\n"  # line 4: blank, skipped
    ",1234\r\n"  # line 5
    "JPN001,\r\n"  # line 6
    "JPN001,5555,extra\r\n"  # line 7
    "jpn001,5555\r\n"  # line 8: match
)


def test_it_reports_each_line_of_a_mixed_file(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    response = upload(client, MIXED)
    assert response.status_code == 200
    rows = download(client, response)
    assert rows[0] == [
        "Line",
        "ID Number or reference",
        "Outcome",
        "Exam",
        "Session",
        "Result",
        "Overall score",
        "Name",
        "Date of birth",
    ]
    assert rows[1:] == [
        [
            "2",
            "PGD961",
            "Match",
            "Preliminary English Test",
            "2026-06-13",
            "Pass with Merit",
            "85",
            "PGD961 ONE",
            "2008-04-02",
        ],
        ["3", "XYZ123", "No match", "", "", "", "", "", ""],
        ["5", "", "Malformed: empty candidate_id", "", "", "", "", "", ""],
        ["6", "JPN001", "Malformed: empty secret_number", "", "", "", "", "", ""],
        ["7", "JPN001", "Malformed: more than two values on the line", "", "", "", "", "", ""],
        [
            "8",
            "JPN001",
            "Match",
            "Preliminary English Test",
            "2026-06-13",
            "Pass",
            "72",
            "佐藤 結衣",
            "2008-04-02",
        ],
    ]
    table = response.text.split('<table class="results bulk-report">')[1].split("</table>")[0]
    assert "Malformed: empty secret_number" in table and "佐藤 結衣" in table
    assert "1234" not in table and "5555" not in table  # what was typed, but never the secret


def test_it_records_the_checked_rows_and_one_audit_event(
    client, rvs_member, rvs_account, released
) -> None:
    client.force_login(rvs_member)
    upload(client, MIXED)
    verifications = Verification.objects.order_by("candidate_id")
    assert [(v.candidate_id, v.matched, v.bulk) for v in verifications] == [
        ("JPN001", True, True),
        ("PGD961", True, True),
        ("XYZ123", False, True),
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.BULK_VERIFY)
    assert event.account == rvs_account and event.user == rvs_member
    assert event.params == {
        "rows": 6, "match": 2, "no_match": 1, "malformed": 3, "not_checked": 0,
        "needs_date_of_birth": 0,
    }  # fmt: skip
    for value in [*verifications.values_list("candidate_id", "reference"), event.detail]:
        assert "1234" not in str(value) and "5555" not in str(value)


def test_it_verifies_references_and_dates_of_birth(client, rvs_member, released) -> None:
    reference = statement_for(released.entries.get().result).reference
    client.force_login(rvs_member)
    response = upload(
        client,
        "reference,date_of_birth\n"
        f"{reference.lower()},2008-04-02\n"
        f"{reference},2008/04/02\n"
        f"{reference},02/04/2008\n"
        f"{reference},2008-04-03\n"
        "AAAA-BBBB-CCCC,2008-04-02\n",
        bom=True,
    )
    outcomes = [row[:3] for row in download(client, response)[1:]]
    assert outcomes == [
        ["2", reference.lower(), "Match"],
        ["3", reference, "Match"],
        ["4", reference, "Malformed: date_of_birth is not a date like 2008-04-02"],
        ["5", reference, "No match"],
        ["6", "AAAA-BBBB-CCCC", "No match"],
    ]
    assert Verification.objects.filter(method="reference", bulk=True).count() == 4


def test_it_refuses_a_file_of_more_than_5000_rows(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    rows = "".join(f"A{n:05d},1234\n" for n in range(5001))
    response = upload(client, "candidate_id,secret_number\n" + rows)
    assert "The file has more than 5,000 rows" in response.text
    assert "report_id" not in response.context
    assert not Verification.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_accepts_5000_rows(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    rows = "".join("PGD961,1234\n" for _ in range(5000))
    response = upload(client, "candidate_id,secret_number\n" + rows)
    assert len(download(client, response)) == 5001
    assert Verification.objects.filter(matched=True).count() == 5000


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,secret\nPGD961,1234\n", "The first line must be the header"),
        ("", "The submitted file is empty."),  # Django's own check
        ("candidate_id,secret_number\n", "The file has a header but no rows"),
    ],
)
def test_it_refuses_a_file_it_cannot_use(client, rvs_member, db, content, message) -> None:
    client.force_login(rvs_member)
    assert message in upload(client, content).text
    assert not Verification.objects.exists()


def test_it_refuses_a_file_that_is_not_utf8(client, rvs_member, db) -> None:
    client.force_login(rvs_member)
    file = SimpleUploadedFile("x.csv", "candidate_id,secret_number\n佐藤,1\n".encode("shift_jis"))
    assert "The file is not UTF-8 text" in client.post(URL, {"file": file}).text


def test_it_the_report_neutralises_cells_a_spreadsheet_would_run(
    client, rvs_member, released
) -> None:
    client.force_login(rvs_member)
    response = upload(client, "candidate_id,secret_number\n=cmd(),1\n+1,1\n-1,1\n@sum(a1),1\n")
    typed = [row[1] for row in download(client, response)[1:]]
    assert typed == ["'=CMD()", "'+1", "'-1", "'@SUM(A1)"]


def test_it_only_the_uploader_can_download_the_report(
    client, rvs_member, rvs_admin, released
) -> None:
    client.force_login(rvs_member)
    url = report_url(upload(client, MIXED))
    client.force_login(rvs_admin)  # another user, same organisation
    assert client.get(url).status_code == 404


def test_it_rows_after_a_limit_is_reached_are_not_checked(
    client, rvs_member, released, settings
) -> None:
    settings.VERIFY_PAUSE_AFTER_WRONG_PER_ACCOUNT = 2
    client.force_login(rvs_member)
    response = upload(client, "candidate_id,secret_number\nAAA111,1\nBBB222,1\nPGD961,1234\n,1\n")
    outcomes = [row[2] for row in download(client, response)[1:]]
    assert outcomes[:2] == ["No match", "No match"]
    assert outcomes[2].startswith("Not checked: verification paused until ")
    assert outcomes[3] == "Malformed: empty candidate_id"
    assert "PGD961 ONE" not in response.text
    assert Verification.objects.count() == 2


def outcomes_of(client, text: str) -> list[str]:
    return [row[2] for row in download(client, upload(client, text))[1:]]


def test_it_rows_of_an_id_number_tried_too_often_need_the_date_of_birth(
    client, rvs_member, released
) -> None:
    # Today the ID Number is paused for every organisation: now its rows need the date.
    client.force_login(rvs_member)
    rows = "".join(f"PGD961,{n:04d}\n" for n in range(4)) + "PGD961,1234\nXYZ123,9876\n"
    outcomes = outcomes_of(client, "candidate_id,secret_number\n" + rows)
    assert outcomes[:3] == ["No match"] * 3
    needs = "Not checked: many unsuccessful attempts with this ID Number; add the candidate's"
    assert outcomes[3].startswith(needs) and outcomes[4].startswith(needs)
    assert outcomes[5] == "Match"
    assert Verification.objects.count() == 4  # rows not checked are not recorded
    with_dates = (
        "candidate_id,secret_number,date_of_birth\n"
        "PGD961,1234,2008-04-02\nPGD961,1234,2008/04/03\nPGD961,1234,\nXYZ123,9876,\n"
    )
    outcomes = outcomes_of(client, with_dates)
    assert outcomes[0] == "Match" and outcomes[1] == "No match"
    assert outcomes[2].startswith(needs) and outcomes[3] == "Match"


def test_it_another_organisation_is_asked_the_date_of_birth_too(
    client, rvs_member, rvs_outsider, released
) -> None:
    client.force_login(rvs_outsider)
    outcomes_of(client, "candidate_id,secret_number\n" + "PGD961,0000\n" * 3)
    client.force_login(rvs_member)
    header = "candidate_id,secret_number,date_of_birth\n"
    assert outcomes_of(client, header + "PGD961,1234,\n")[0].startswith("Not checked")
    assert outcomes_of(client, header + "PGD961,1234,2008-04-02\n") == ["Match"]


def test_it_reads_full_width_values_and_refuses_ids_too_long_once_normalised(
    client, rvs_member, released
) -> None:
    client.force_login(rvs_member)
    text = "candidate_id,secret_number\nＰＧＤ９６１,１２３４\n" + "ß" * 32 + ",1234\n"
    outcomes = outcomes_of(client, text)
    assert outcomes == ["Match", "Malformed: candidate_id is longer than 32 characters"]


def test_it_checks_5000_failing_rows_in_a_few_queries(
    client, rvs_member, released, settings, django_assert_max_num_queries
) -> None:
    settings.VERIFY_PAUSE_AFTER_WRONG_PER_ACCOUNT = 10_000
    settings.VERIFY_DOB_AFTER_WRONG_TOTAL = 10_000
    client.force_login(rvs_member)
    rows = "".join(f"ZZ{n:05d},0000\n" for n in range(5000))
    # Not a query per row (5,000): reads by 500 keys, writes in bulk (SQLite writes
    # ~100 rows per INSERT for its 999-parameter limit; PostgreSQL a handful of queries).
    with django_assert_max_num_queries(200):
        outcomes = outcomes_of(client, "candidate_id,secret_number\n" + rows)
    assert outcomes == ["No match"] * 5000
    assert Counter.objects.filter(name="secret:id", count=1).count() == 5000


def test_it_bulk_failures_do_not_pause_the_users_single_form(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    rows = "".join(f"ZZ{n:04d},0000\n" for n in range(6))
    upload(client, "candidate_id,secret_number\n" + rows)
    response = client.post(
        reverse("organisations:verify"),
        {"method": "secret", "candidate_id": "PGD961", "secret_number": "1234"},
    )
    assert "PGD961 ONE" in response.text


@pytest.mark.parametrize("who", ["pending_user", "owner"])
def test_it_others_may_not_use_bulk_verification(client, request, who) -> None:
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    assert client.get(URL).status_code == 403
    assert upload(client, MIXED).status_code == 403


def test_it_a_user_of_no_account_is_refused(client, db) -> None:
    client.force_login(User.objects.create_user("nobody@example.org", "nobody@example.org"))
    assert client.get(URL).status_code == 403


def test_it_a_visitor_is_sent_to_log_in(client, db) -> None:
    assert client.get(URL).url.startswith(reverse("organisations:login"))
    url = reverse(
        "organisations:bulk_verify_report", args=["0" * 8 + "-0000-0000-0000-" + "0" * 12]
    )
    assert client.get(url).url.startswith(reverse("organisations:login"))
