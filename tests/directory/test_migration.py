"""The directory's move out of `sharing` keeps every row: a database filled at the old
state (sharing owning the directory) is migrated forward and read with today's models."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from directory.models import Organisation, OrganisationAccount
from directory.search import search_accounts
from organisations.models import AccountApplication, Membership, ScoreRequirement
from sharing.models import Invitation, Share

# The last migrations before the directory had an app of its own.
BEFORE = [
    ("directory", None),
    ("sharing", "0003_organisationaccount_listed_share_processed_at_and_more"),
    ("organisations", "0001_initial"),
]


def migrate(targets: list[tuple[str, str | None]]):
    """Migrates the test database to `targets`; the historical models there (the other
    apps at their latest)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    apps = {app for app, _ in targets}
    nodes = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in apps]
    return executor.loader.project_state(nodes + [t for t in targets if t[1] is not None]).apps


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill(apps) -> dict[str, int]:
    """The directory, a share and an invitation to it, and the RVS rows that point at it."""
    exam = apps.get_model("exams", "Exam").objects.create(
        code="PET", name_en="Preliminary", score_min=0, score_max=100
    )
    session = apps.get_model("exams", "ExamSession").objects.create(
        exam=exam, date=dt.date(2026, 6, 13)
    )
    candidate = apps.get_model("exams", "Candidate").objects.create(
        candidate_id="PGD961", family_name="ONE", date_of_birth=dt.date(2008, 4, 2)
    )
    entry = apps.get_model("exams", "Entry").objects.create(candidate=candidate, session=session)
    result = apps.get_model("exams", "Result").objects.create(
        entry=entry, overall_score=85, grade_en="Pass with Merit"
    )
    waseda = apps.get_model("sharing", "Organisation").objects.create(
        name="WASEDA University",
        country="JP",
        city="Tokyo",
        type="university",
        aliases="早稲田大学",
    )
    Account = apps.get_model("sharing", "OrganisationAccount")
    admissions = Account.objects.create(
        organisation=waseda, department="Admissions Office", is_active=True, search_text=" waseda"
    )
    law = Account.objects.create(organisation=waseda, department="School of Law", listed=False)
    share = apps.get_model("sharing", "Share").objects.create(
        result=result, account=admissions, consent_text="I consent", consent_language="en"
    )
    invitation = apps.get_model("sharing", "Invitation").objects.create(
        candidate=candidate,
        organisation_name="Law",
        email="law@example.jp",
        country="JP",
        account=law,
    )
    user = apps.get_model("accounts", "User").objects.create(username="admissions@example.jp")
    apps.get_model("organisations", "Membership").objects.create(user=user, account=admissions)
    apps.get_model("organisations", "AccountApplication").objects.create(
        account=law, applicant=user, invitation=invitation
    )
    apps.get_model("organisations", "ScoreRequirement").objects.create(
        account=admissions, exam=exam, min_overall=60
    )
    return {
        "waseda": waseda.pk,
        "admissions": admissions.pk,
        "law": law.pk,
        "share": share.pk,
        "invitation": invitation.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_row_of_the_directory_and_what_points_at_it() -> None:
    ids = fill(migrate(BEFORE))

    migrate(latest())

    waseda = Organisation.objects.get(pk=ids["waseda"])
    assert (waseda.name, waseda.city, waseda.alias_list) == (
        "WASEDA University",
        "Tokyo",
        ["早稲田大学"],
    )
    assert [str(account) for account in waseda.accounts.order_by("pk")] == [
        "WASEDA University – Admissions Office",
        "WASEDA University – School of Law",
    ]
    admissions = OrganisationAccount.objects.get(pk=ids["admissions"])
    assert (admissions.is_active, admissions.listed) == (True, True)
    # directory 0003 recomputed the search columns: the account is found as any other.
    assert [str(account) for account in search_accounts("早稲")] == [str(admissions)]
    assert OrganisationAccount.objects.get(pk=ids["law"]).listed is False
    share = Share.objects.get(pk=ids["share"])
    assert share.account == admissions
    assert share.session == share.result.entry.session  # sharing 0008 filled it in
    assert Invitation.objects.get(pk=ids["invitation"]).account_id == ids["law"]
    assert Membership.objects.get().account == admissions
    assert AccountApplication.objects.get().account_id == ids["law"]
    assert ScoreRequirement.objects.get().account == admissions


@pytest.mark.django_db(transaction=True)
def test_it_renames_the_tables_and_new_rows_follow_the_old_ones() -> None:
    ids = fill(migrate(BEFORE))

    migrate(latest())

    tables = connection.introspection.table_names()
    assert {"directory_organisation", "directory_organisationaccount"} <= set(tables)
    assert not {"sharing_organisation", "sharing_organisationaccount"} & set(tables)
    if connection.vendor == "postgresql":  # the search's trigram index came along
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(
                cursor, "directory_organisationaccount"
            )
        assert "sharing_account_search_trgm" in indexes
    keio = Organisation.objects.create(name="Keio University", country="JP", type="university")
    assert keio.pk > ids["waseda"]
    account = OrganisationAccount.objects.create(organisation=keio)
    assert account.pk > ids["law"]
    with pytest.raises(Exception):  # noqa: B017  (the foreign key still protects shares)
        OrganisationAccount.objects.filter(pk=ids["admissions"]).delete()


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_content_types_with_their_permissions() -> None:
    ContentType.objects.clear_cache()
    old = ContentType.objects.get(app_label="directory", model="organisation")

    migrate(BEFORE)
    assert ContentType.objects.filter(app_label="sharing", model="organisation").get().pk == old.pk
    migrate(latest())

    ContentType.objects.clear_cache()
    moved = ContentType.objects.get(app_label="directory", model="organisation")
    assert moved.pk == old.pk
    assert moved.permission_set.filter(codename="change_organisation").exists()


@pytest.mark.django_db(transaction=True)
def test_it_recomputes_the_search_columns_stored_before_apostrophes_were_dropped() -> None:
    apps = migrate([("directory", "0003_account_name_text_sort_key")])
    organisation = apps.get_model("directory", "Organisation").objects.create(
        name="King's College London", country="GB"
    )
    account = apps.get_model("directory", "OrganisationAccount").objects.create(
        organisation=organisation, search_text=" king s college london ", name_text=" king s "
    )
    # Today's models (search_accounts) cannot read this old state: it has columns fewer.
    assert " kings " not in account.search_text

    migrate(latest())
    assert [str(account) for account in search_accounts("kings")] == ["King's College London"]
