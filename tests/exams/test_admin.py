import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exams.models import Candidate, Entry, Exam, ExamSession, Result, ResultRevision
from tests.factories import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(owner: Candidate) -> Result:
    """PGD961's PET result, amended once from 80 to 85."""
    result = Result.objects.get(entry__candidate=owner)
    ResultRevision.objects.create(
        result=result,
        overall_score=80,
        grade_en="Pass with Merit",
        component_scores={"reading": 80},
        valid_from=result.imported_at,
    )
    return result


def listed(staff_client: Client, model: str, query: str = "") -> list:
    response = staff_client.get(reverse(f"admin:exams_{model}_changelist") + query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def change_page(staff_client: Client, obj: object) -> str:
    url = reverse(f"admin:exams_{obj._meta.model_name}_change", args=[obj.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_exams_with_their_components_and_bands(staff_client, catalogue) -> None:
    assert [exam.code for exam in listed(staff_client, "exam", "?q=Preliminary")] == ["PET"]

    page = change_page(staff_client, Exam.objects.get(code="PET"))

    assert "Pass with Merit" in page
    assert "合格（良好）" in page
    assert 'value="listening"' in page


def test_it_lists_sessions_by_release(staff_client, pet_session) -> None:
    fce = ExamSession.objects.create(exam=Exam.objects.get(code="FCE"), date="2026-06-20")
    fce.released_at = timezone.now()
    fce.save()

    assert listed(staff_client, "examsession", "?released=no") == [pet_session]
    assert listed(staff_client, "examsession", "?released=yes") == [fce]
    assert listed(staff_client, "examsession", f"?exam__id__exact={fce.exam_id}") == [fce]
    assert len(listed(staff_client, "examsession", "?date__year=2026&date__month=6")) == 2


def test_it_shows_release_times_on_a_session(staff_client, pet_session) -> None:
    page = change_page(staff_client, pet_session)

    assert "Release scheduled for" in page
    assert "Released at" in page


def test_it_finds_candidates_by_exact_id_number_or_family_name_prefix(
    staff_client, owner, outsider
) -> None:
    assert listed(staff_client, "candidate", "?q=PGD961") == [owner]
    assert listed(staff_client, "candidate", "?q=pgd96") == []
    assert listed(staff_client, "candidate", "?q=YAMA") == [outsider]


def test_it_never_shows_the_secret_number_hash(staff_client, owner) -> None:
    page = change_page(staff_client, owner)

    assert "PGD961" in page
    assert "Tokyo Centre" in page  # the entries inline
    assert owner.secret_number_hash not in page
    assert "secret" not in page.lower()


def test_it_lists_entries_by_id_number_exam_and_release(staff_client, owner, outsider) -> None:
    owner_entry = Entry.objects.get(candidate=owner)

    assert listed(staff_client, "entry", "?q=PGD961") == [owner_entry]
    assert len(listed(staff_client, "entry", "?q=YAMADA")) == 1
    assert (
        len(
            listed(
                staff_client, "entry", f"?session__exam__id__exact={owner_entry.session.exam_id}"
            )
        )
        == 2
    )
    assert listed(staff_client, "entry", "?released=yes") == []
    assert len(listed(staff_client, "entry", "?released=no&session__date__year=2026")) == 2
    assert "Tokyo Centre" in change_page(staff_client, owner_entry)


def test_it_lists_a_page_of_entries_in_a_fixed_number_of_queries(
    staff_client, pet_session, django_assert_max_num_queries
) -> None:
    for number in range(40):
        make_candidate(pet_session, f"BULK{number:03d}")

    with django_assert_max_num_queries(12):
        assert len(listed(staff_client, "entry")) == 40
    with django_assert_max_num_queries(12):
        assert len(listed(staff_client, "candidate")) == 40


def test_it_lists_results_by_id_number_exam_and_release(staff_client, owner, outsider) -> None:
    owner_result = Result.objects.get(entry__candidate=owner)

    assert listed(staff_client, "result", "?q=PGD961") == [owner_result]
    assert len(listed(staff_client, "result", "?released=no&cefr_level=B1")) == 2
    ExamSession.objects.update(released_at=timezone.now())
    assert len(listed(staff_client, "result", "?released=yes")) == 2
    assert listed(staff_client, "result", "?released=no") == []


def test_it_shows_a_result_read_only_with_its_revisions(staff_client, revised) -> None:
    page = change_page(staff_client, revised)

    assert "Pass with Merit" in page
    assert "{&quot;reading&quot;: 85}" in page  # the current component scores
    assert "Valid from" in page
    assert "{&quot;reading&quot;: 80}" in page  # the revision's
    assert 'name="_save"' not in page
    assert staff_client.get(reverse("admin:exams_result_add")).status_code == 403


def test_it_lists_revisions(staff_client, revised) -> None:
    assert listed(staff_client, "resultrevision", "?q=PGD961") == [revised.revisions.get()]
    assert "Pass with Merit" in change_page(staff_client, revised.revisions.get())


def exam_form(exam: Exam, **changes: str) -> dict[str, str]:
    """The POST data of the exam's change page, as the browser would send it."""
    data = {
        "code": exam.code,
        "name_en": exam.name_en,
        "name_ja": exam.name_ja,
        "description_en": exam.description_en,
        "description_ja": exam.description_ja,
        "score_min": str(exam.score_min),
        "score_max": str(exam.score_max),
    }
    for prefix, items, names in [
        ("components", exam.components.all(), ("position", "code", "name_en", "name_ja")),
        (
            "bands",
            exam.bands.all(),
            ("min_score", "max_score", "grade_en", "grade_ja", "cefr_level"),
        ),
    ]:
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(items)),
            f"{prefix}-INITIAL_FORMS": str(len(items)),
        }
        for number, item in enumerate(items):
            data[f"{prefix}-{number}-id"] = str(item.pk)
            data[f"{prefix}-{number}-exam"] = str(exam.pk)
            data |= {f"{prefix}-{number}-{name}": str(getattr(item, name)) for name in names}
    return data | changes


def test_it_saves_an_exam_with_its_bands(staff_client, catalogue) -> None:
    pet = Exam.objects.get(code="PET")
    url = reverse("admin:exams_exam_change", args=[pet.pk])

    response = staff_client.post(url, exam_form(pet, name_en="PET (renamed)"))

    assert response.status_code == 302
    assert Exam.objects.get(code="PET").name_en == "PET (renamed)"


def test_it_refuses_overlapping_bands_in_the_exam_form(staff_client, catalogue) -> None:
    pet = Exam.objects.get(code="PET")
    url = reverse("admin:exams_exam_change", args=[pet.pk])
    # bands are listed from the highest: 0 is 90–100, 1 is 80–89
    response = staff_client.post(url, exam_form(pet, **{"bands-1-max_score": "92"}))

    assert response.status_code == 200
    assert "the two bands overlap" in response.content.decode()
    assert pet.bands.get(grade_en="Pass with Merit").max_score == 89


def test_it_releases_a_session_from_the_admin_action(
    staff_client, owner, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    url = reverse("admin:exams_examsession_changelist")
    chosen = {"action": "release_now", "_selected_action": [pet_session.pk]}
    make_candidate(pet_session, "NOMAIL1", score=70)  # has a result, never registered
    asked = staff_client.post(url, chosen)
    assert "emails 1 candidate now" in asked.text and "Emails cannot be called back" in asked.text
    pet_session.refresh_from_db()
    assert not pet_session.is_released and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {**chosen, "confirm": "yes"}, follow=True)
    assert "Released 1 session" in response.text
    run_worker()
    pet_session.refresh_from_db()
    assert pet_session.is_released
    assert [m.to for m in mail.outbox] == [["one@example.org"]]


def test_it_schedules_a_release_when_staff_set_the_time(
    staff_client, pet_session, django_capture_on_commit_callbacks
) -> None:
    url = reverse("admin:exams_examsession_change", args=[pet_session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url,
            {
                "exam": pet_session.exam_id,
                "date": "2026-06-13",
                "release_at_0": "2026-07-01",
                "release_at_1": "09:00:00",
            },
        )
    pet_session.refresh_from_db()
    assert pet_session.release_at == timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))
    assert DBTaskResult.objects.get().run_after == pet_session.release_at


def test_it_offers_no_bulk_delete_of_results(staff_client, released_result) -> None:
    response = staff_client.get(reverse("admin:exams_result_changelist"))
    assert "delete_selected" not in response.text
    staff_client.post(
        reverse("admin:exams_result_changelist"),
        {"action": "delete_selected", "_selected_action": [released_result.pk], "post": "yes"},
    )
    assert Result.objects.filter(pk=released_result.pk).exists()
    delete_page = reverse("admin:exams_result_delete", args=[released_result.pk])
    assert staff_client.get(delete_page).status_code == 200  # one at a time stays possible
