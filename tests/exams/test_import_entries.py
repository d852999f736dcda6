import datetime as dt

import pytest
from django.utils import translation

from exams.importing import import_entries
from exams.models import Candidate, Entry, ExamSession
from tests.factories import ENTRY_HEADER, run, run_failing

pytestmark = pytest.mark.django_db

ONE = "PGD961,1234,ONE,PGD961,2008-04-02,one@example.org,PET,2026-06-13,Tokyo Centre"
YAMADA = "JP0002,ab12cd,山田,花子,2007-11-30,,PET,2026-06-13,大阪センター"
YAMADA_FCE = "JP0002,ab12cd,山田,花子,2007-11-30,,FCE,2026-06-20,大阪センター"


def test_it_imports_candidates_entries_and_sessions(catalogue, write_file) -> None:
    output = run("import_entries", write_file(ENTRY_HEADER, ONE, YAMADA, YAMADA_FCE))

    assert "Imported 3 entries (3 new, 0 updated) in 2 sessions." in output
    one = Candidate.objects.get(candidate_id="PGD961")
    assert (one.family_name, one.given_name, one.email) == ("ONE", "PGD961", "one@example.org")
    assert one.date_of_birth == dt.date(2008, 4, 2)
    entry = one.entries.get()
    assert (entry.session.exam.code, entry.session.date) == ("PET", dt.date(2026, 6, 13))
    assert entry.centre == "Tokyo Centre"
    assert Entry.objects.filter(candidate__candidate_id="JP0002").count() == 2


def test_it_keeps_japanese_names(catalogue, write_file) -> None:
    run("import_entries", write_file(ENTRY_HEADER, YAMADA))

    yamada = Candidate.objects.get(candidate_id="JP0002")
    assert (yamada.family_name, yamada.given_name) == ("山田", "花子")
    assert yamada.entries.get().centre == "大阪センター"


def test_it_stores_a_japanese_centre_name_and_keeps_it_without_the_column(
    catalogue, write_file
) -> None:
    run("import_entries", write_file(ENTRY_HEADER + ",centre_ja", ONE + ",東京センター"))
    entry = Entry.objects.get()
    assert (entry.centre, entry.centre_ja) == ("Tokyo Centre", "東京センター")
    with translation.override("ja"):
        assert entry.centre_name == "東京センター"
    assert entry.centre_name == "Tokyo Centre"
    run("import_entries", write_file(ENTRY_HEADER, ONE.replace("Tokyo Centre", "Tokyo")))
    entry.refresh_from_db()
    assert (entry.centre, entry.centre_ja) == ("Tokyo", "東京センター")


def test_it_stores_only_a_keyed_hash_of_the_secret_number(catalogue, write_file) -> None:
    run("import_entries", write_file(ENTRY_HEADER, ONE))

    one = Candidate.objects.get(candidate_id="PGD961")
    assert one.check_secret_number("1234")
    assert not one.check_secret_number("1235")
    assert "1234" not in one.secret_number_hash
    assert len(one.secret_number_hash) == 64


def test_it_normalises_id_numbers(catalogue, write_file) -> None:
    run("import_entries", write_file(ENTRY_HEADER, ONE.replace("PGD961,", " pgd961 ,", 1)))

    assert Candidate.objects.get().candidate_id == "PGD961"


def test_it_reads_a_bom_crlf_padded_cells_and_trailing_blank_lines(catalogue, write_file) -> None:
    padded = " PGD961 , 1234 , ONE , PGD961 , 2008-04-02 ,, PET , 2026-06-13 , Tokyo "
    path = write_file("\ufeff" + ENTRY_HEADER, padded, "", "", newline="\r\n", end="\r\n\r\n")

    output = run("import_entries", path)

    assert "Imported 1 entry (1 new, 0 updated) in 1 session." in output
    one = Candidate.objects.get()
    assert (one.candidate_id, one.family_name, one.email) == ("PGD961", "ONE", "")
    assert one.entries.get().centre == "Tokyo"


def test_it_updates_candidates_and_entries_on_a_second_import(catalogue, write_file) -> None:
    run("import_entries", write_file(ENTRY_HEADER, ONE, name="first.csv"))
    moved = "PGD961,5678,ONE,Taro,2008-04-02,new@example.org,PET,2026-06-13,Kyoto Centre"

    output = run("import_entries", write_file(ENTRY_HEADER, moved, YAMADA, name="second.csv"))

    assert "Imported 2 entries (1 new, 1 updated) in 1 session." in output
    one = Candidate.objects.get(candidate_id="PGD961")
    assert (one.given_name, one.email) == ("Taro", "new@example.org")
    assert one.check_secret_number("5678")
    assert one.entries.get().centre == "Kyoto Centre"
    assert ExamSession.objects.count() == 1


def test_it_imports_a_file_larger_than_a_batch(catalogue, write_file, monkeypatch) -> None:
    monkeypatch.setattr("exams.importing.entries.BATCH_SIZE", 2)
    rows = [f"ID{n:04d},1234,NAME{n},,2008-01-01,,PET,2026-06-13," for n in range(7)]

    output = run("import_entries", write_file(ENTRY_HEADER, *rows, YAMADA, YAMADA_FCE))

    assert "Imported 9 entries (9 new, 0 updated) in 2 sessions." in output
    assert Candidate.objects.count() == 8


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ONE.replace(",1234,", ",12,"), "line 3: secret_number must be 4 to 64 letters or digits"),
        (ONE.replace(",1234,", ",,"), "line 3: secret_number must be 4 to 64 letters or digits"),
        (ONE.replace("PGD961,", ",", 1), "line 3: candidate_id is empty"),
        (ONE.replace(",ONE,", ",,"), "line 3: family_name is empty"),
        (ONE.replace("2008-04-02", "02/04/2008"), "line 3: date_of_birth 02/04/2008 is not a date"),
        (ONE.replace("2008-04-02", "2008-02-30"), "line 3: date_of_birth 2008-02-30 is not a date"),
        (ONE.replace("2026-06-13", ""), "line 3: session_date is empty"),
        (
            ONE.replace("one@example.org", "not-an-email"),
            "line 3: email not-an-email is not an email",
        ),
        (ONE.replace(",PET,", ",XYZ,"), "line 3: unknown exam XYZ"),
        (ONE + ",extra", "line 3: expected 9 values, found 10"),
        (ONE.replace("PGD961", "X" * 33, 1), "line 3: candidate_id is longer than 32 characters"),
        # 32 characters as typed, 64 once upper-cased: refused, not a database error.
        (ONE.replace("PGD961", "ß" * 32, 1), "line 3: candidate_id is longer than 32 characters"),
    ],
)
def test_it_refuses_a_bad_row_and_names_its_line(catalogue, write_file, row, message) -> None:
    error = run_failing("import_entries", write_file(ENTRY_HEADER, YAMADA, row))

    assert "Nothing was imported from" in error
    assert message in error
    assert not Candidate.objects.exists()


def test_it_never_shows_the_secret_number_in_errors(catalogue, write_file) -> None:
    error = run_failing("import_entries", write_file(ENTRY_HEADER, ONE.replace("1234", "9#87")))

    assert "secret_number must be" in error
    assert "9#87" not in error


def test_it_refuses_one_id_number_with_two_secret_numbers(catalogue, write_file) -> None:
    other_exam = ONE.replace(",1234,", ",9999,").replace(",PET,", ",FCE,")

    error = run_failing("import_entries", write_file(ENTRY_HEADER, ONE, other_exam))

    assert "line 3: ID Number PGD961 is on line 2 with a different Secret Number" in error
    assert "name or date of birth" not in error


def test_it_refuses_one_id_number_with_two_dates_of_birth(catalogue, write_file) -> None:
    other_exam = ONE.replace("2008-04-02", "2008-04-03").replace(",PET,", ",FCE,")

    error = run_failing("import_entries", write_file(ENTRY_HEADER, ONE, other_exam))

    assert "line 3: ID Number PGD961 is on line 2 with a different name or date of birth" in error


def test_it_refuses_the_same_entry_twice(catalogue, write_file) -> None:
    error = run_failing("import_entries", write_file(ENTRY_HEADER, ONE, YAMADA, ONE))

    assert "line 4: ID Number PGD961 is already entered for PET on 2026-06-13 on line 2" in error


def test_it_applies_nothing_when_one_row_is_bad(catalogue, write_file, monkeypatch) -> None:
    monkeypatch.setattr("exams.importing.entries.BATCH_SIZE", 2)
    run("import_entries", write_file(ENTRY_HEADER, ONE, name="first.csv"))
    renamed = ONE.replace(",ONE,", ",RENAMED,").replace("Tokyo Centre", "Kyoto")
    bad = YAMADA_FCE.replace("2026-06-20", "2026-13-01")

    error = run_failing("import_entries", write_file(ENTRY_HEADER, renamed, YAMADA, bad))

    assert "1 error." in error
    assert "line 4: session_date 2026-13-01 is not a date" in error
    assert list(Candidate.objects.values_list("family_name", flat=True)) == ["ONE"]
    assert list(Entry.objects.values_list("centre", flat=True)) == ["Tokyo Centre"]
    assert ExamSession.objects.count() == 1


def test_it_reports_every_bad_row(catalogue, write_file) -> None:
    rows = [ONE.replace("PGD961", f"ID{n}").replace(",PET,", ",NOPE,") for n in range(3)]

    error = run_failing("import_entries", write_file(ENTRY_HEADER, *rows))

    assert "3 errors." in error
    for line in (2, 3, 4):
        assert f"line {line}: unknown exam NOPE" in error


@pytest.mark.parametrize(
    "header",
    [
        ENTRY_HEADER.replace("email,", ""),
        ENTRY_HEADER.replace("candidate_id", "id_number"),
        ENTRY_HEADER + ",notes",
    ],
)
def test_it_refuses_a_wrong_header(catalogue, write_file, header) -> None:
    error = run_failing("import_entries", write_file(header, ONE))

    assert (
        f"line 1: the header must be {ENTRY_HEADER} (or end with centre_ja), not {header}" in error
    )


def test_it_refuses_an_empty_file(catalogue, write_file) -> None:
    error = run_failing("import_entries", write_file("", "", end=""))

    assert "the file is empty; it must start with a header line" in error


def test_it_refuses_a_missing_file(catalogue, tmp_path) -> None:
    error = run_failing("import_entries", str(tmp_path / "missing.csv"))

    assert "the file does not exist" in error


def test_it_refuses_a_shift_jis_file_naming_the_line(catalogue, write_file) -> None:
    path = write_file(ENTRY_HEADER, ONE, YAMADA, encoding="shift_jis")

    error = run_failing("import_entries", path)

    assert "line 3: the file is not UTF-8 text" in error
    assert not Candidate.objects.exists()


def test_it_refuses_a_utf16_file(catalogue, write_file) -> None:
    path = write_file("\ufeff" + ENTRY_HEADER, ONE, encoding="utf-16-le")

    assert "line 1: the file is not UTF-8 text" in run_failing("import_entries", path)


def test_it_refuses_a_file_with_a_nul_byte(catalogue, write_file) -> None:
    error = run_failing("import_entries", write_file(ENTRY_HEADER, ONE.replace("ONE", "O\0NE")))

    assert "line 2: this is not valid CSV" in error


def test_it_shows_a_progress_bar_when_asked(catalogue, write_file, capsys) -> None:
    report = import_entries(write_file(ENTRY_HEADER, ONE, YAMADA), progress=True)

    assert report.entries == 2
    assert "100%" in capsys.readouterr().err


def test_it_shows_no_progress_bar_when_stderr_is_not_a_terminal(
    catalogue, write_file, capsys
) -> None:
    run("import_entries", write_file(ENTRY_HEADER, ONE))

    assert capsys.readouterr().err == ""


def test_it_stores_a_full_width_id_number_as_ascii(catalogue, write_file) -> None:
    run("import_entries", write_file(ENTRY_HEADER, ONE.replace("PGD961", "ＰＧＤ９６１", 1)))
    assert Candidate.objects.get().candidate_id == "PGD961"


def test_it_applies_nothing_when_the_last_row_of_a_large_file_is_bad(catalogue, write_file) -> None:
    run("import_entries", write_file(ENTRY_HEADER, ONE, name="first.csv"))
    rows = [f"ID{n:05d},1234,NAME{n},,2008-01-01,,PET,2026-06-13," for n in range(5000)]
    rows[-1] = rows[-1].replace("2008-01-01", "2008-01-32")

    error = run_failing(
        "import_entries", write_file(ENTRY_HEADER, ONE.replace("ONE", "TWO"), *rows)
    )

    assert "1 error." in error
    assert "line 5002: date_of_birth 2008-01-32 is not a date" in error
    assert list(Candidate.objects.values_list("family_name", flat=True)) == ["ONE"]
    assert Entry.objects.count() == 1


def test_it_imports_a_large_file_in_one_go(catalogue, write_file) -> None:
    rows = [f"ID{n:05d},s{n:04d},NAME{n},,2008-01-01,,PET,2026-06-13,C{n}" for n in range(5000)]

    output = run("import_entries", write_file(ENTRY_HEADER, *rows, YAMADA_FCE))

    assert "Imported 5001 entries (5001 new, 0 updated) in 2 sessions." in output
    assert Candidate.objects.count() == 5001
    assert Candidate.objects.get(candidate_id="ID04321").check_secret_number("s4321")
    assert Entry.objects.get(candidate__candidate_id="ID04321").centre == "C4321"


def test_it_names_both_lines_of_an_entry_given_twice_far_apart(
    catalogue, write_file, monkeypatch
) -> None:
    monkeypatch.setattr("exams.importing.entries.BATCH_SIZE", 100)
    rows = [f"ID{n:05d},1234,NAME{n},,2008-01-01,,PET,2026-06-13," for n in range(3000)]

    error = run_failing("import_entries", write_file(ENTRY_HEADER, *rows, rows[7]))

    assert "1 error." in error
    assert (
        "line 3002: ID Number ID00007 is already entered for PET on 2026-06-13 on line 9" in error
    )
    assert not Candidate.objects.exists()


def test_it_takes_the_email_of_the_last_line_naming_a_candidate(catalogue, write_file) -> None:
    fce = ONE.replace(",PET,", ",FCE,").replace("one@example.org", "later@example.org")

    run("import_entries", write_file(ENTRY_HEADER, ONE, fce))

    assert Candidate.objects.get().email == "later@example.org"
