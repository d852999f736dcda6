"""The audit log keeps data and says it in the reader's language: which candidate, which
reference, how many rows."""

import importlib

import pytest
from django.urls import reverse

from organisations import audit
from organisations.models import AuditEvent, Membership
from tests.factories import make_rvs_user

URL = reverse("organisations:activity")
migration = importlib.import_module("organisations.migrations.0004_audit_event_params")


@pytest.fixture
def logged(rvs_admin, inbox_share) -> None:
    admin = Membership.objects.get(user=rvs_admin)
    share = audit.share_params(inbox_share)
    audit.record(admin, AuditEvent.Action.VIEW, share=inbox_share, params=share)
    checked = {"method": "reference", "candidate_id": "", "reference": "AB12CD34"}
    audit.record(admin, AuditEvent.Action.VERIFY, params={**checked, "outcome": "no_match"})
    counts = {"match": 2, "no_match": 1, "malformed": 0, "not_checked": 0}
    params = {"rows": 3, **counts, "needs_date_of_birth": 0}
    audit.record(admin, AuditEvent.Action.BULK_VERIFY, params=params)


def page(client, user, language: str) -> str:
    client.force_login(user)
    text = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).text
    return text[text.index("<tbody>") :]


def test_it_names_what_was_checked_in_english(client, rvs_admin, logged) -> None:
    text = page(client, rvs_admin, "en")
    assert "PGD961 ONE (ID Number PGD961), PET of 13 June 2026" in text
    assert "Statement of Results reference AB12CD34: no match" in text
    assert "3 rows: 2 match, 1 no match, 0 malformed" in text


def test_it_says_the_same_in_japanese(client, rvs_account, rvs_admin, logged) -> None:
    reader = make_rvs_user("kanri@waseda.example.jp", rvs_account, language="ja", role="admin")
    text = page(client, reader, "ja")
    assert "ID Number PGD961" in text and "2026年6月13日" in text
    assert "成績証明書番号 AB12CD34：不一致" in text or "成績証明書番号 AB12CD34: 不一致" in text
    assert "一致 2、不一致 1" in text
    assert " rows" not in text and "no match" not in text


@pytest.mark.parametrize(
    ("action", "detail", "params"),
    [
        ("view", "PGD961 PGD961 ONE PET 2026-06-13", {
            "candidate_id": "PGD961", "name": "PGD961 ONE", "exam": "PET",
            "session_date": "2026-06-13"}),
        ("process", "undo: XYZ123 YAMADA Hanako PET 2026-06-13", {
            "candidate_id": "XYZ123", "name": "YAMADA Hanako", "exam": "PET",
            "session_date": "2026-06-13", "undo": True}),
        ("verify", "secret: no match", {"method": "secret", "outcome": "no_match"}),
        ("bulk_verify", "3 rows: 2 match, 1 no match, 0 malformed, 0 not checked, "
         "0 need date of birth", {"rows": 3, "match": 2, "no_match": 1, "malformed": 0,
                                  "not_checked": 0, "needs_date_of_birth": 0}),
        ("export", "12 rows status=new", {"rows": 12, "filters": "status=new"}),
        ("users", "admin ken@waseda.example.jp", {"change": "admin",
                                                 "email": "ken@waseda.example.jp"}),
        ("requirements", "PET: removed; KET: accepted", {"changes": ["PET: removed",
                                                                    "KET: accepted"]}),
        ("export", "something else", None),
    ],
)  # fmt: skip
def test_it_the_migration_reads_old_sentences_back_into_data(action, detail, params) -> None:
    assert migration.params_of(action, detail) == params


def test_it_a_requirement_change_reads_in_japanese(client, rvs_account, rvs_admin) -> None:
    admin = Membership.objects.get(user=rvs_admin)
    changes = ["PET: accepted overall>=80 age<=24m", "FCE: removed"]
    audit.record(admin, AuditEvent.Action.REQUIREMENTS, params={"changes": changes})
    reader = make_rvs_user("kanri@waseda.example.jp", rvs_account, language="ja", role="admin")
    text = page(client, reader, "ja")
    assert "PET: 受け入れ、総合スコア80以上、受検から24か月以内; FCE: 削除" in text


def test_it_a_requirement_change_reads_in_english(client, rvs_account, rvs_admin) -> None:
    admin = Membership.objects.get(user=rvs_admin)
    changes = ["PET: accepted overall>=80 writing>=65 age<=24m"]
    audit.record(admin, AuditEvent.Action.REQUIREMENTS, params={"changes": changes})
    text = page(client, rvs_admin, "en")
    assert (
        "PET: accepted, overall score at least 80, writing at least 65, "
        "taken at most 24 months ago" in text
    )
