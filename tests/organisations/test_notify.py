from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exams.api import release_session
from organisations.models import Digest, Membership
from organisations.notify import send_digest
from sharing.shares import send_result


def test_it_emails_users_at_once_or_in_a_digest(
    rvs_admin,
    rvs_member,
    rvs_account,
    owner,
    pet_session,
    run_worker,
    django_capture_on_commit_callbacks,
) -> None:
    Membership.objects.filter(user=rvs_member).update(notify="daily")
    release_session(pet_session)
    with django_capture_on_commit_callbacks(execute=True):
        send_result(owner.entries.get().result, rvs_account, None)
    run_worker()
    assert [m.to for m in mail.outbox] == [["admin@waseda.example.jp"]]
    assert "85" not in mail.outbox[0].body
    digest = Digest.objects.get(user=rvs_member)
    task = DBTaskResult.objects.filter(task_path="organisations.tasks.send_digest").get()
    assert timezone.localtime(task.run_after).hour == 8
    assert task.run_after.date() >= digest.day

    assert send_digest(rvs_member.pk, digest.day)
    assert mail.outbox[-1].to == ["member@waseda.example.jp"]
    assert "1 new result" in mail.outbox[-1].subject
    assert not send_digest(rvs_member.pk, digest.day)  # never twice
    assert len(mail.outbox) == 2


def test_it_emails_nobody_who_chose_none(
    rvs_admin, rvs_account, owner, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    Membership.objects.filter(user=rvs_admin).update(notify="none")
    release_session(pet_session)
    with django_capture_on_commit_callbacks(execute=True):
        send_result(owner.entries.get().result, rvs_account, None)
    run_worker()
    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_it_names_the_organisation_and_exam_in_the_users_language(
    rvs_admin, rvs_account, owner, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    rvs_admin.language = "ja"
    rvs_admin.save()
    rvs_account.organisation.name_ja = "早稲田大学"
    rvs_account.organisation.save()
    release_session(pet_session)
    with django_capture_on_commit_callbacks(execute=True):
        send_result(owner.entries.get().result, rvs_account, None)
    run_worker()
    assert "早稲田大学" in mail.outbox[0].subject
    assert "WASEDA University" not in mail.outbox[0].body
