import json

import pytest

from exams.models import Component, Exam, GradeBand
from tests.factories import CATALOGUE, run, run_failing

pytestmark = pytest.mark.django_db

SMALL = """
exams:
  - code: TST
    name_en: Test Exam
    name_ja: テスト試験
    scale: {min: 0, max: 10}
    components:
      - {code: reading, name_en: Reading, name_ja: リーディング}
      - {code: speaking, name_en: Speaking}
    bands:
      - {min_score: 6, max_score: 10, grade_en: Pass, grade_ja: 合格, cefr_level: B1}
      - {min_score: 0, max_score: 5, grade_en: Fail, grade_ja: 不合格}
"""


def test_it_loads_the_demo_catalogue() -> None:
    output = run("load_exams", str(CATALOGUE))

    assert "Loaded 4 exams (4 new, 0 updated)." in output
    pet = Exam.objects.get(code="PET")
    assert (pet.name_en, pet.score_min, pet.score_max) == ("Preliminary English Test", 0, 100)
    assert "PET" in pet.name_ja
    codes = list(pet.components.values_list("code", flat=True))
    assert codes == ["reading", "writing", "listening", "speaking"]
    band = pet.band_for(85)
    assert (band.grade_en, band.grade_ja, band.cefr_level) == (
        "Pass with Merit",
        "合格（良好）",
        "B1",
    )
    assert pet.band_for(30).grade_en == "Fail"
    assert pet.band_for(30).cefr_level == ""


def test_it_gives_fce_its_scale_components_and_grades() -> None:
    run("load_exams", str(CATALOGUE))

    fce = Exam.objects.get(code="FCE")
    assert (fce.name_en, fce.score_min, fce.score_max) == ("B2 First", 140, 190)
    assert fce.components.count() == 5
    assert fce.band_for(185).grade_ja == "グレードA"
    assert fce.band_for(175).cefr_level == "B2"
    assert fce.band_for(150).grade_ja == "レベルB1"


def test_it_updates_an_exam_and_replaces_its_components_and_bands(write_file) -> None:
    run("load_exams", write_file(SMALL, name="v1.yaml"))
    changed = SMALL.replace("Test Exam", "Renamed Exam").replace(
        "      - {code: speaking, name_en: Speaking}\n", ""
    )

    output = run("load_exams", write_file(changed, name="v2.yaml"))

    assert "Loaded 1 exam (0 new, 1 updated)." in output
    exam = Exam.objects.get(code="TST")
    assert exam.name_en == "Renamed Exam"
    assert list(exam.components.values_list("code", flat=True)) == ["reading"]
    assert Component.objects.count() == 1
    assert GradeBand.objects.count() == 2


def test_it_loads_json(write_file) -> None:
    data = {
        "exams": [
            {
                "code": "JSN",
                "name_en": "JSON Exam",
                "scale": {"min": 1, "max": 5},
                "components": [{"code": "oral", "name_en": "Oral"}],
                "bands": [{"min_score": 1, "max_score": 5, "grade_en": "Pass"}],
            }
        ]
    }

    output = run("load_exams", write_file(json.dumps(data), name="cat.json"))

    assert "Loaded 1 exam (1 new, 0 updated)." in output
    assert Exam.objects.get(code="JSN").bands.get().grade_en == "Pass"


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (
            "min_score: 6, max_score: 10",
            "min_score: 5, max_score: 10",
            "TST Fail / Pass: the two bands overlap",
        ),
        (
            "min_score: 6, max_score: 10",
            "min_score: 6, max_score: 11",
            "TST Pass 6–11: the band is outside the exam's scale",
        ),
        (
            "min_score: 6, max_score: 10",
            "min_score: 10, max_score: 6",
            "TST Pass 10–6: the band's min_score is above its max_score",
        ),
        (
            "code: speaking",
            "code: reading",
            "TST components[2]: component code reading is used twice",
        ),
        ("{min: 0, max: 10}", "{min: 10, max: 0}", "TST scale: min is above max"),
        ("{min: 0, max: 10}", "{min: 0, max: ten}", "TST scale max: must be a whole number"),
        ("name_en: Test Exam", "name_english: Test Exam", "TST name_english: unknown field"),
        ("name_en: Test Exam", "name_en: ''", "TST name_en: This field cannot be blank."),
        ("code: speaking", "code: overall_score", "overall_score cannot be a component code"),
        ("code: speaking", "code: 'two words'", "TST components[2] code: Enter a valid “slug”"),
    ],
)
def test_it_refuses_a_bad_exam_and_names_it(write_file, before, after, message) -> None:
    assert before in SMALL
    path = write_file(SMALL.replace(before, after, 1), name="bad.yaml")

    error = run_failing("load_exams", path)

    assert "Nothing was imported" in error
    assert message in error
    assert not Exam.objects.filter(code="TST").exists()


def test_it_applies_nothing_when_one_exam_is_bad(write_file) -> None:
    run("load_exams", write_file(SMALL, name="v1.yaml"))
    renamed = SMALL.replace("Test Exam", "Renamed Exam")
    broken = SMALL.replace("code: TST", "code: BAD").replace("max: 10}", "max: 5}")
    path = write_file(renamed + broken.replace("exams:\n", ""), name="two.yaml")

    error = run_failing("load_exams", path)

    assert "BAD Pass 6–10: the band is outside the exam's scale" in error
    assert Exam.objects.get(code="TST").name_en == "Test Exam"
    assert not Exam.objects.filter(code="BAD").exists()


def test_it_refuses_the_same_exam_twice_in_a_file(write_file) -> None:
    path = write_file(SMALL + SMALL.replace("exams:\n", ""), name="twice.yaml")

    assert "TST: the exam code appears twice in the file" in run_failing("load_exams", path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("exams: [\n", "the file is not valid JSON or YAML"),
        ("", "the file must hold a list of exams"),
        ("exams: {code: X}", "the file must hold a list of exams"),
        ("- just text", "exam #1: must be a mapping of fields"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_catalogue(write_file, content, message) -> None:
    assert message in run_failing("load_exams", write_file(content, name="cat.yaml"))


def test_it_refuses_a_missing_file(tmp_path) -> None:
    error = run_failing("load_exams", str(tmp_path / "nope.yaml"))

    assert "the file does not exist" in error


def test_it_refuses_a_file_that_is_not_utf8(write_file) -> None:
    path = write_file(SMALL, name="sjis.yaml", encoding="shift_jis")

    assert "the file is not UTF-8 text" in run_failing("load_exams", path)
