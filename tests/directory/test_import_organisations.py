from pathlib import Path

import pytest
from django.utils import translation

from directory.importing import import_organisations
from directory.models import Organisation, OrganisationAccount
from directory.search import search_accounts
from tests.factories import make_accounts, run, run_failing

pytestmark = pytest.mark.django_db

HEADER = "name,department,country,city,type,aliases,email,website"
LAW = (
    "WASEDA University,School of Law,jp,Tokyo,university,早稲田大学|Waseda Daigaku| Sōdai ,"
    "law@waseda.example.jp,https://www.waseda.jp/"
)
ADMISSIONS = (
    "WASEDA University,Admissions Office,JP,Tokyo,University,早稲田大学|Waseda Daigaku|Sōdai,"
    "admissions@waseda.example.jp,https://www.waseda.jp/"
)
MORAGA = "St Mary's College,,US,Moraga,university,,,"
BELFAST = "St Mary's College,,GB,Belfast,university,,,"
ISA = "Immigration Services Agency of Japan,,JP,Tokyo,immigration,出入国在留管理庁,,"
DEMO = Path(__file__).resolve().parents[2] / "directory" / "data" / "demo.csv"


def accounts() -> list[str]:
    return [str(account) for account in OrganisationAccount.objects.all()]


def test_it_imports_organisations_with_one_account_per_department(write_file) -> None:
    output = run("import_organisations", write_file(HEADER, LAW, ADMISSIONS, ISA))

    assert "Imported 3 accounts (3 new, 0 updated) of 2 organisations (2 new, 0 updated)." in output
    waseda = Organisation.objects.get(name="WASEDA University")
    assert (waseda.country, waseda.city, waseda.type) == ("JP", "Tokyo", "university")
    assert waseda.website == "https://www.waseda.jp/"
    assert waseda.alias_list == ["早稲田大学", "Waseda Daigaku", "Sōdai"]
    assert waseda.aliases == "早稲田大学\nWaseda Daigaku\nSōdai"
    assert list(waseda.accounts.values_list("department", "email", "is_active")) == [
        ("Admissions Office", "admissions@waseda.example.jp", False),
        ("School of Law", "law@waseda.example.jp", False),
    ]
    assert accounts()[-1] == "WASEDA University – School of Law"


def test_it_makes_the_imported_accounts_searchable(write_file) -> None:
    run("import_organisations", write_file(HEADER, LAW, ADMISSIONS, ISA))

    assert [str(account) for account in search_accounts("早稲田")] == [
        "WASEDA University – Admissions Office",
        "WASEDA University – School of Law",
    ]
    assert [str(account) for account in search_accounts("出入国")] == [
        "Immigration Services Agency of Japan"
    ]


@pytest.mark.parametrize(
    "country",
    ["JP", "jp", "JPN", "ＪＰ", "Japan", "japan", " JAPAN ", "日本"],
)
def test_it_reads_a_country_as_a_code_or_a_name(write_file, country) -> None:
    run("import_organisations", write_file(HEADER, LAW.replace(",jp,", f",{country},")))
    assert Organisation.objects.get().country == "JP"


@pytest.mark.parametrize("country", ["GB", "United Kingdom", "UK", "イギリス"])
def test_it_reads_the_united_kingdom_by_every_usual_name(write_file, country) -> None:
    run("import_organisations", write_file(HEADER, BELFAST.replace(",GB,", f",{country},")))
    assert Organisation.objects.get().country == "GB"


def test_it_stores_and_searches_a_japanese_name(write_file) -> None:
    header = HEADER + ",name_ja"
    run(
        "import_organisations",
        write_file(header, LAW + ",早稲田大学", MORAGA + ",セント・メリーズ"),
    )
    waseda = Organisation.objects.get(name="WASEDA University")
    assert waseda.name_ja == "早稲田大学"
    assert [str(a) for a in search_accounts("メリーズ")] == ["St Mary's College"]
    with translation.override("ja"):
        assert str(waseda.accounts.get()) == "早稲田大学 – School of Law"
    assert str(waseda.accounts.get()) == "WASEDA University – School of Law"


def test_it_keeps_the_japanese_names_when_a_file_has_none(write_file) -> None:
    run("import_organisations", write_file(HEADER + ",name_ja", ISA + ",出入国在留管理庁"))
    run("import_organisations", write_file(HEADER, ISA.replace(",,JP,", ",,Japan,")))
    assert Organisation.objects.get().name_ja == "出入国在留管理庁"


def test_it_keeps_same_names_in_other_cities_apart(write_file) -> None:
    run("import_organisations", write_file(HEADER, MORAGA, BELFAST))

    assert list(Organisation.objects.order_by("city").values_list("name", "country", "city")) == [
        ("St Mary's College", "GB", "Belfast"),
        ("St Mary's College", "US", "Moraga"),
    ]
    assert OrganisationAccount.objects.count() == 2


def test_it_takes_an_organisations_aliases_and_website_from_any_of_its_rows(write_file) -> None:
    bare = "WASEDA University,School of Law,JP,Tokyo,university,,,"

    run("import_organisations", write_file(HEADER, bare, ADMISSIONS))

    waseda = Organisation.objects.get()
    assert waseda.alias_list == ["早稲田大学", "Waseda Daigaku", "Sōdai"]
    assert waseda.website == "https://www.waseda.jp/"
    assert waseda.accounts.get(department="School of Law").email == ""


def test_it_reads_a_bom_crlf_and_padded_cells(write_file) -> None:
    padded = " Keio University , Faculty of Law , jp , Tokyo , university , 慶應義塾大学 ,, "
    path = write_file("\ufeff" + HEADER, padded, "", newline="\r\n", end="\r\n")

    run("import_organisations", path)

    assert accounts() == ["Keio University – Faculty of Law"]
    assert Organisation.objects.get().aliases == "慶應義塾大学"


def test_it_updates_organisations_and_accounts_on_a_second_import(write_file) -> None:
    run("import_organisations", write_file(HEADER, LAW, ADMISSIONS, name="first.csv"))
    law = OrganisationAccount.objects.get(department="School of Law")
    law.is_active = True
    law.save()
    moved = LAW.replace("law@", "hogaku@").replace("|Waseda Daigaku| Sōdai ", "|Sōdai")
    commerce = moved.replace("School of Law", "School of Commerce").replace("hogaku@", "shogaku@")

    output = run("import_organisations", write_file(HEADER, moved, commerce, name="second.csv"))

    assert "Imported 2 accounts (1 new, 1 updated) of 1 organisation (0 new, 1 updated)." in output
    waseda = Organisation.objects.get()
    assert waseda.alias_list == ["早稲田大学", "Sōdai"]
    law.refresh_from_db()
    assert (law.email, law.is_active) == ("hogaku@waseda.example.jp", True)
    # The admissions office is not in the second file: it stays, and follows the new aliases.
    assert accounts() == [
        "WASEDA University – Admissions Office",
        "WASEDA University – School of Commerce",
        "WASEDA University – School of Law",
    ]
    assert search_accounts("waseda daigaku") == []
    assert len(search_accounts("sodai")) == 3


def test_it_keeps_an_accounts_uuid_on_a_second_import(write_file) -> None:
    run("import_organisations", write_file(HEADER, LAW, name="first.csv"))
    before = OrganisationAccount.objects.get().uuid

    run("import_organisations", write_file(HEADER, LAW, name="second.csv"))

    assert OrganisationAccount.objects.get().uuid == before


def test_it_refreshes_the_search_text_of_accounts_the_file_does_not_list(write_file) -> None:
    make_accounts("Keio University", "Faculty of Law")
    renamed = "Keio University,Faculty of Economics,JP,Tokyo,university,慶應義塾大学,,"

    run("import_organisations", write_file(HEADER, renamed))

    assert [str(account) for account in search_accounts("慶應")] == [
        "Keio University – Faculty of Economics",
        "Keio University – Faculty of Law",
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (LAW.replace("WASEDA University", ""), "line 3: name is empty"),
        (LAW.replace(",university,", ",school,"), "line 3: type school is not one of university"),
        (LAW.replace(",university,", ",,"), "line 3: type is empty"),
        (LAW.replace(",jp,", ",J1,"), "line 3: country J1 is neither an ISO code like JP nor"),
        (LAW.replace(",jp,", ",Atlantis,"), "line 3: country Atlantis is neither an ISO code"),
        (LAW.replace(",jp,", ",ZZ,"), "line 3: country ZZ is neither an ISO code like JP nor"),
        (LAW.replace(",jp,", ",,"), "line 3: country is empty"),
        (
            LAW.replace("law@waseda.example.jp", "law at waseda"),
            "line 3: email law at waseda is not an email address",
        ),
        (
            LAW.replace("https://www.waseda.jp/", "www.waseda.jp"),
            "line 3: website www.waseda.jp is not a web address",
        ),
        (
            LAW.replace("https://www.waseda.jp/", "ftp://waseda.jp/"),
            "line 3: website ftp://waseda.jp/ is not a web address",
        ),
        (LAW + ",extra", "line 3: expected 8 values, found 9"),
        (LAW.replace("School of Law", "L" * 201), "line 3: department is longer than 200"),
        (LAW.replace("早稲田大学", "早" * 201), "line 3: an alias is longer than 200 characters"),
    ],
)
def test_it_refuses_a_bad_row_and_names_its_line(write_file, row, message) -> None:
    error = run_failing("import_organisations", write_file(HEADER, ISA, row))

    assert "Nothing was imported from" in error
    assert message in error
    assert not Organisation.objects.exists()


def test_it_refuses_the_same_department_twice(write_file) -> None:
    error = run_failing("import_organisations", write_file(HEADER, LAW, ADMISSIONS, LAW))

    assert "1 error." in error
    assert "line 4: this organisation and department are already on line 2" in error


def test_it_refuses_an_organisation_without_a_department_twice(write_file) -> None:
    error = run_failing("import_organisations", write_file(HEADER, MORAGA, BELFAST, MORAGA))

    assert "line 4: this organisation and department are already on line 2" in error


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("|Waseda Daigaku", ""), "line 3: aliases differs from line 2 of the same organisation"),
        (("https://www.waseda.jp/", "https://waseda.example.org/"), "line 3: website differs"),
        ((",University,", ",employer,"), "line 3: type differs from line 2"),
    ],
)
def test_it_refuses_rows_of_one_organisation_that_disagree(write_file, change, message) -> None:
    error = run_failing(
        "import_organisations", write_file(HEADER, LAW, ADMISSIONS.replace(*change))
    )

    assert message in error


def test_it_applies_nothing_when_one_row_is_bad(write_file, monkeypatch) -> None:
    monkeypatch.setattr("directory.importing.BATCH_SIZE", 2)
    run("import_organisations", write_file(HEADER, LAW, name="first.csv"))
    moved = LAW.replace("law@", "hogaku@")
    bad = MORAGA.replace(",US,", ",Narnia,")

    error = run_failing("import_organisations", write_file(HEADER, moved, ADMISSIONS, ISA, bad))

    assert "line 5: country Narnia is neither an ISO code like JP nor a country name" in error
    assert accounts() == ["WASEDA University – School of Law"]
    assert OrganisationAccount.objects.get().email == "law@waseda.example.jp"


def test_it_reports_every_bad_row(write_file) -> None:
    rows = [ISA.replace("Japan", f"Japan {n}").replace("immigration", "visa") for n in range(3)]

    error = run_failing("import_organisations", write_file(HEADER, *rows))

    assert "3 errors." in error
    for line in (2, 3, 4):
        assert f"line {line}: type visa is not one of university, employer" in error


@pytest.mark.parametrize(
    "header", [HEADER.replace(",aliases", ""), HEADER.replace("name,", "organisation,")]
)
def test_it_refuses_a_wrong_header(write_file, header) -> None:
    error = run_failing("import_organisations", write_file(header, LAW))

    assert f"line 1: the header must be {HEADER} (or end with name_ja), not {header}" in error


def test_it_refuses_a_shift_jis_file_naming_the_line(write_file) -> None:
    error = run_failing("import_organisations", write_file(HEADER, ISA, encoding="shift_jis"))

    assert "line 2: the file is not UTF-8 text" in error


def test_it_refuses_a_missing_file(tmp_path) -> None:
    error = run_failing("import_organisations", str(tmp_path / "missing.csv"))

    assert "the file does not exist" in error


def test_it_shows_a_progress_bar_when_asked(write_file, capsys) -> None:
    report = import_organisations(write_file(HEADER, LAW, ISA), progress=True)

    assert report.new_accounts == 2
    assert "100%" in capsys.readouterr().err


def test_it_imports_the_demo_directory() -> None:
    output = run("import_organisations", str(DEMO))

    assert OrganisationAccount.objects.count() >= 300
    assert "0 updated" in output
    assert len(search_accounts("waseda")) >= 5
    assert search_accounts("出入国在留管理庁")[0].organisation.name == (
        "Immigration Services Agency of Japan"
    )
    assert Organisation.objects.filter(name="St Mary's College").count() >= 2
    emails = OrganisationAccount.objects.exclude(email="").values_list("email", flat=True)
    assert all(email.endswith((".example.jp", ".example.org")) for email in emails)
