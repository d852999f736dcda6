import io

import pytest
from django.db import connection
from django.utils import timezone

from exams.api import results_imported
from exams.importing import import_results
from exams.models import Exam, ExamSession, Result, ResultRevision
from tests.factories import ENTRY_HEADER, RESULT_HEADER, run, run_failing

pytestmark = pytest.mark.django_db

FULL_HEADER = RESULT_HEADER + ",use_of_english"
ONE = "PGD961,PET,2026-06-13,85,80,90,85,85"
YAMADA = "JP0002,PET,2026-06-13,72,70,75,70,73"


@pytest.fixture
def entries(catalogue, write_file) -> None:
    """PGD961 and JP0002 sit PET on 2026-06-13; JP0002 also sits FCE on 2026-06-20."""
    run(
        "import_entries",
        write_file(
            ENTRY_HEADER,
            "PGD961,1234,ONE,PGD961,2008-04-02,,PET,2026-06-13,Tokyo",
            "JP0002,5678,山田,花子,2007-11-30,,PET,2026-06-13,Osaka",
            "JP0002,5678,山田,花子,2007-11-30,,FCE,2026-06-20,Osaka",
            name="entries.csv",
        ),
    )


def release_pet() -> None:
    ExamSession.objects.filter(exam__code="PET").update(released_at=timezone.now())


def result_of(candidate_id: str, exam: str = "PET") -> Result:
    return Result.objects.get(
        entry__candidate__candidate_id=candidate_id, entry__session__exam__code=exam
    )


def test_it_imports_results_graded_by_the_exams_bands(entries, write_file) -> None:
    output = run("import_results", write_file(RESULT_HEADER, ONE, YAMADA))

    assert "Imported 2 results (2 new, 0 replaced, 0 amended, 0 unchanged)." in output
    one = result_of("PGD961")
    assert one.overall_score == 85
    assert (one.grade_en, one.grade_ja, one.cefr_level) == ("Pass with Merit", "合格（良好）", "B1")
    assert one.component_scores == {"reading": 80, "writing": 90, "listening": 85, "speaking": 85}
    assert one.amended_at is None
    assert result_of("JP0002").grade_en == "Pass"


def test_it_imports_exams_with_different_components_from_one_file(entries, write_file) -> None:
    fce = "JP0002,FCE,2026-06-20,175,170,180,172,178,175"

    run("import_results", write_file(FULL_HEADER, ONE + ",", fce))

    result = result_of("JP0002", "FCE")
    assert (result.grade_en, result.cefr_level) == ("Grade B", "B2")
    assert result.component_scores["use_of_english"] == 175
    assert "use_of_english" not in result_of("PGD961").component_scores


def test_it_reads_a_bom_crlf_and_trailing_blank_lines(entries, write_file) -> None:
    path = write_file(
        "\ufeff" + RESULT_HEADER,
        ONE,
        " JP0002 , pet , 2026-06-13 , 72 ,70,75,70,73",
        newline="\r\n",
        end="\r\n\r\n\r\n",
    )

    output = run("import_results", path)

    assert "Imported 2 results" in output
    assert result_of("JP0002").overall_score == 72


def test_it_imports_a_file_larger_than_a_batch(entries, write_file, monkeypatch) -> None:
    monkeypatch.setattr("exams.importing.results.BATCH_SIZE", 1)
    fce = "JP0002,FCE,2026-06-20,150,150,150,150,150,150"

    output = run("import_results", write_file(FULL_HEADER, ONE + ",", YAMADA + ",", fce))

    assert "Imported 3 results (3 new," in output
    assert Result.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "PGD961,PET,2026-06-13,101,80,90,85,85",
            "overall_score 101 is outside the PET scale 0–100",
        ),
        ("PGD961,PET,2026-06-13,85,80,-1,85,85", "writing -1 is outside the PET scale 0–100"),
        ("PGD961,PET,2026-06-13,85.5,80,90,85,85", "overall_score 85.5 is not a whole number"),
        ("PGD961,PET,2026-06-13,85,80,ninety,85,85", "writing ninety is not a whole number"),
        ("PGD961,PET,2026-06-13,,80,90,85,85", "overall_score is empty"),
        ("PGD961,PET,2026-06-13,85,80,90,85,", "speaking is empty"),
        ("NOBODY,PET,2026-06-13,85,80,90,85,85", "unknown ID Number NOBODY"),
        ("PGD961,CPE,2026-06-13,85,80,90,85,85", "unknown exam CPE"),
        ("PGD961,PET,2026-06-14,85,80,90,85,85", "there is no PET session on 2026-06-14"),
        ("PGD961,PET,13/06/2026,85,80,90,85,85", "session_date 13/06/2026 is not a date"),
        ("PGD961,FCE,2026-06-20,150,150,150,150,150", "no use_of_english column for FCE"),
        ("PGD961,PET,2026-06-13,85,80,90,85", "expected 8 values, found 7"),
    ],
)
def test_it_refuses_a_bad_row_and_names_its_line(entries, write_file, row, message) -> None:
    error = run_failing("import_results", write_file(RESULT_HEADER, YAMADA, row))

    assert "Nothing was imported from" in error
    assert f"line 3: {message}" in error
    assert not Result.objects.exists()


def test_it_refuses_a_result_without_an_entry_in_that_session(entries, write_file) -> None:
    ExamSession.objects.create(exam=Exam.objects.get(code="FCE"), date="2026-07-04")
    row = "PGD961,FCE,2026-07-04,150,150,150,150,150,150"

    error = run_failing("import_results", write_file(FULL_HEADER, row))

    assert "line 2: ID Number PGD961 has no entry for FCE 2026-07-04" in error


def test_it_refuses_a_value_in_a_column_that_is_not_a_component_of_the_exam(
    entries, write_file
) -> None:
    error = run_failing("import_results", write_file(FULL_HEADER, ONE + ",3"))

    assert "line 2: column use_of_english is not a component of PET" in error


def test_it_refuses_a_row_given_twice(entries, write_file) -> None:
    again = "pgd961,pet,2026-06-13,86,80,90,85,85"  # same key once ID and code are normalised

    error = run_failing("import_results", write_file(RESULT_HEADER, ONE, YAMADA, again))

    assert "line 4: duplicate of line 2" in error


def test_it_refuses_a_score_in_no_grade_band(entries, write_file) -> None:
    Exam.objects.get(code="PET").bands.filter(grade_en="Fail").delete()

    error = run_failing("import_results", write_file(RESULT_HEADER, ONE.replace(",85,", ",30,")))

    assert "line 2: overall_score 30 is in no grade band of PET" in error


@pytest.mark.parametrize(
    "header",
    [
        "candidate_id,exam_code,overall_score,session_date,reading",
        "id,exam_code,session_date,overall_score,reading",
        "candidate_id,exam_code,session_date",
    ],
)
def test_it_refuses_a_wrong_header(entries, write_file, header) -> None:
    error = run_failing("import_results", write_file(header, ONE))

    assert (
        "line 1: the header must start with candidate_id,exam_code,session_date,overall_score"
        in error
    )


def test_it_refuses_a_header_naming_a_column_twice(entries, write_file) -> None:
    error = run_failing("import_results", write_file(RESULT_HEADER + ",reading", ONE + ",1"))

    assert "line 1: the header names a column twice" in error


def test_it_refuses_files_it_cannot_read(entries, write_file, tmp_path) -> None:
    assert "the file does not exist" in run_failing("import_results", str(tmp_path / "no.csv"))
    assert "the file is empty" in run_failing("import_results", write_file(end=""))
    sjis = write_file(RESULT_HEADER, "山田,PET,2026-06-13,1,1,1,1,1", encoding="shift_jis")
    assert "line 2: the file is not UTF-8 text" in run_failing("import_results", sjis)


def test_it_applies_nothing_when_one_row_is_bad(entries, write_file) -> None:
    run("import_results", write_file(RESULT_HEADER, ONE, name="first.csv"))
    changed = ONE.replace(",85,", ",95,")
    bad = YAMADA.replace(",72,", ",720,")

    error = run_failing("import_results", write_file(RESULT_HEADER, changed, bad))

    assert "1 error." in error
    assert result_of("PGD961").overall_score == 85
    assert not Result.objects.filter(entry__candidate__candidate_id="JP0002").exists()


def test_it_caps_the_list_of_errors(entries, write_file) -> None:
    rows = [f"X{n},PET,2026-06-13,85,80,90,85,85" for n in range(250)]

    error = run_failing("import_results", write_file(RESULT_HEADER, *rows))

    assert "250 errors." in error
    assert "line 201: unknown ID Number X199" in error
    assert "line 202:" not in error
    assert "… and 50 more errors" in error


def test_it_replaces_a_result_that_is_not_released(entries, write_file) -> None:
    run("import_results", write_file(RESULT_HEADER, ONE, name="first.csv"))
    before = result_of("PGD961")

    output = run("import_results", write_file(RESULT_HEADER, ONE.replace(",85,", ",92,"), YAMADA))

    assert "Imported 2 results (1 new, 1 replaced, 0 amended, 0 unchanged)." in output
    after = result_of("PGD961")
    assert (after.overall_score, after.grade_en, after.cefr_level) == (
        92,
        "Pass with Distinction",
        "B2",
    )
    assert after.uuid == before.uuid
    assert after.amended_at is None
    assert not ResultRevision.objects.exists()


def test_it_refuses_to_change_a_released_result_without_amend(entries, write_file) -> None:
    run("import_results", write_file(RESULT_HEADER, ONE, name="first.csv"))
    release_pet()

    error = run_failing("import_results", write_file(RESULT_HEADER, ONE.replace(",85,", ",92,")))

    assert "line 2: the result for PET 2026-06-13 is already released; use --amend" in error
    assert result_of("PGD961").overall_score == 85


def test_it_refuses_a_new_result_in_a_released_session_without_amend(entries, write_file) -> None:
    release_pet()

    error = run_failing("import_results", write_file(RESULT_HEADER, YAMADA))

    assert "line 2: PET 2026-06-13 is already released; use --amend to add a result to it" in error


def test_it_accepts_unchanged_rows_for_released_results(entries, write_file) -> None:
    path = write_file(RESULT_HEADER, ONE)
    run("import_results", path)
    release_pet()

    output = run("import_results", path)

    assert "Imported 1 result (0 new, 0 replaced, 0 amended, 1 unchanged)." in output


def test_it_amends_a_released_result_and_keeps_the_earlier_version(entries, write_file) -> None:
    run("import_results", write_file(RESULT_HEADER, ONE, YAMADA, name="first.csv"))
    imported_at = result_of("PGD961").imported_at
    release_pet()

    output = run(
        "import_results", "--amend", write_file(RESULT_HEADER, ONE.replace(",85,", ",92,"), YAMADA)
    )

    assert "Imported 2 results (0 new, 0 replaced, 1 amended, 1 unchanged)." in output
    result = result_of("PGD961")
    assert (result.overall_score, result.grade_en) == (92, "Pass with Distinction")
    assert result.imported_at == imported_at
    assert result.amended_at is not None
    revision = result.revisions.get()
    assert (revision.overall_score, revision.grade_en, revision.cefr_level) == (
        85,
        "Pass with Merit",
        "B1",
    )
    assert revision.component_scores["writing"] == 90
    assert revision.valid_from == imported_at


def test_it_dates_a_second_amendment_from_the_first(entries, write_file) -> None:
    run("import_results", write_file(RESULT_HEADER, ONE, name="first.csv"))
    release_pet()
    run(
        "import_results",
        "--amend",
        write_file(RESULT_HEADER, ONE.replace(",85,", ",92,"), name="second.csv"),
    )
    first_amendment = result_of("PGD961").amended_at

    run("import_results", "--amend", write_file(RESULT_HEADER, ONE.replace(",85,", ",75,")))

    result = result_of("PGD961")
    assert (result.overall_score, result.grade_en) == (75, "Pass")
    assert result.amended_at > first_amendment
    latest = result.revisions.first()
    assert (latest.overall_score, latest.valid_from) == (92, first_amendment)
    assert result.revisions.count() == 2


def test_it_adds_a_result_to_a_released_session_with_amend(entries, write_file) -> None:
    release_pet()

    output = run("import_results", "--amend", write_file(RESULT_HEADER, YAMADA))

    assert "1 amended" in output
    assert result_of("JP0002").overall_score == 72
    assert not ResultRevision.objects.exists()


def test_it_reads_an_open_binary_file_through_the_function_api(entries) -> None:
    data = io.BytesIO(f"{RESULT_HEADER}\n{ONE}\n".encode())

    report = import_results(data)

    assert (report.results, report.new) == (1, 1)
    assert result_of("PGD961").overall_score == 85


# --- Large files, rows given twice, the signal for released sessions ---


def many(rows: int, score: int = 50) -> list[str]:
    """Result rows for ID Numbers BIG00000, BIG00001, ... all in PET on 2026-06-13."""
    return [
        f"BIG{n:05d},PET,2026-06-13,{score},{score},{score},{score},{score}" for n in range(rows)
    ]


@pytest.fixture
def many_entries(catalogue, write_file) -> None:
    """5,000 candidates entered for PET on 2026-06-13, and PGD961 and JP0002 as above."""
    people = [f"BIG{n:05d},1234,BIG,,2008-01-01,,PET,2026-06-13," for n in range(5000)]
    run("import_entries", write_file(ENTRY_HEADER, *people, name="many-entries.csv"))


@pytest.fixture
def imported_sessions() -> list[list[int]]:
    """The session_ids of each results_imported signal, as another app would receive them."""
    received: list[list[int]] = []

    def receive(sender: object, session_ids: list[int], **kwargs: object) -> None:
        assert connection.in_atomic_block  # inside the import's transaction
        results = Result.objects.filter(entry__session_id__in=session_ids)
        received.append([*session_ids, results.count()])

    results_imported.connect(receive)
    yield received
    results_imported.disconnect(receive)


def test_it_applies_nothing_when_the_last_row_of_a_large_file_is_bad(
    many_entries, write_file
) -> None:
    run("import_results", write_file(RESULT_HEADER, *many(10), name="first.csv"))
    rows = many(5000, score=60)
    rows[-1] = rows[-1].replace("BIG04999", "NOBODY")

    error = run_failing("import_results", write_file(RESULT_HEADER, *rows))

    assert "Nothing was imported from" in error
    assert "1 error." in error
    assert "line 5001: unknown ID Number NOBODY" in error
    assert Result.objects.count() == 10
    assert set(Result.objects.values_list("overall_score", flat=True)) == {50}


def test_it_imports_a_large_file_in_one_go(many_entries, write_file) -> None:
    output = run("import_results", write_file(RESULT_HEADER, *many(5000)))

    assert "Imported 5000 results (5000 new, 0 replaced, 0 amended, 0 unchanged)." in output
    assert Result.objects.filter(grade_en="Level A2", overall_score=50).count() == 5000
    assert Result.objects.values("uuid").distinct().count() == 5000


def test_it_names_both_lines_of_a_row_given_twice_far_apart(
    many_entries, write_file, monkeypatch
) -> None:
    monkeypatch.setattr("exams.importing.results.BATCH_SIZE", 100)
    rows = many(3000)
    rows.append(rows[7].replace(",50,", ",60,"))

    error = run_failing("import_results", write_file(RESULT_HEADER, *rows))

    assert "1 error." in error
    assert "line 3002: duplicate of line 9" in error
    assert not Result.objects.exists()


def test_it_lists_errors_found_while_reading_and_in_the_database_in_line_order(
    entries, write_file
) -> None:
    nobody = "NOBODY,PET,2026-06-13,85,80,90,85,85"
    rows = [YAMADA, nobody, ONE.replace(",85,", ",850,", 1), ONE, ONE]

    error = run_failing("import_results", write_file(RESULT_HEADER, *rows))

    assert "3 errors." in error
    lines = error.splitlines()[1:]
    assert lines[0] == "line 3: unknown ID Number NOBODY"
    assert lines[1].startswith("line 4: overall_score 850 is outside")
    assert lines[2] == "line 6: duplicate of line 5"  # line 4 was refused: not the first


def test_it_counts_new_replaced_amended_and_unchanged_rows_in_one_file(entries, write_file) -> None:
    fce = "JP0002,FCE,2026-06-20,175,170,180,172,178,175"
    run("import_results", write_file(FULL_HEADER, ONE + ",", fce, name="first.csv"))
    release_pet()
    changed_fce = fce.replace(",175,", ",160,", 1)

    output = run(
        "import_results",
        "--amend",
        write_file(FULL_HEADER, ONE.replace(",85,", ",92,") + ",", YAMADA + ",", changed_fce),
    )

    assert "Imported 3 results (0 new, 1 replaced, 2 amended, 0 unchanged)." in output
    assert result_of("JP0002", "FCE").overall_score == 160
    assert result_of("JP0002", "FCE").amended_at is None
    assert list(ResultRevision.objects.values_list("overall_score", flat=True)) == [85]


def test_it_keeps_revisions_of_every_released_result_it_amends(many_entries, write_file) -> None:
    run("import_results", write_file(RESULT_HEADER, *many(2000), name="first.csv"))
    release_pet()

    output = run("import_results", "--amend", write_file(RESULT_HEADER, *many(2000, score=75)))

    assert "Imported 2000 results (0 new, 0 replaced, 2000 amended, 0 unchanged)." in output
    assert ResultRevision.objects.filter(overall_score=50, grade_en="Level A2").count() == 2000
    assert Result.objects.filter(overall_score=75, amended_at__isnull=False).count() == 2000


def test_it_tells_other_apps_about_results_imported_into_a_released_session(
    entries, write_file, imported_sessions
) -> None:
    run("import_results", write_file(RESULT_HEADER, ONE, name="first.csv"))
    release_pet()
    pet = ExamSession.objects.get(exam__code="PET")

    run("import_results", "--amend", write_file(RESULT_HEADER, ONE, YAMADA))

    assert imported_sessions == [[pet.pk, 2]]


def test_it_tells_no_one_when_no_released_session_changes(
    entries, write_file, imported_sessions
) -> None:
    fce = "JP0002,FCE,2026-06-20,175,170,180,172,178,175"
    run("import_results", write_file(FULL_HEADER, ONE + ",", name="first.csv"))
    release_pet()

    run("import_results", write_file(FULL_HEADER, ONE + ",", fce))  # PET unchanged, FCE not out
    run_failing("import_results", write_file(FULL_HEADER, YAMADA + ","))  # refused: no --amend

    assert imported_sessions == []
