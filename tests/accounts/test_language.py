"""A user's language: "not chosen" until they choose, and then remembered.

Until they choose, pages follow the browser (signed in or not) and emails use the language
they last signed in with, else the board's default."""

import importlib
from io import StringIO

from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

HOME = reverse("candidates:home")


def login(client, language: str):
    form = {"username": "PGD961", "password": PASSWORD}
    return client.post(reverse("candidates:login"), form, HTTP_ACCEPT_LANGUAGE=language)


def user_updates(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "accounts_user"')]


def test_it_keeps_a_japanese_browser_japanese_after_login(client, owner) -> None:
    owner.user.language = ""
    owner.user.save()
    assert login(client, "ja").status_code == 302
    home = client.get(HOME, HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")
    assert home.headers["Content-Language"] == "ja"
    assert "ログアウト" in home.text


def test_it_notes_the_sign_in_language_in_the_one_update_of_the_sign_in(client, owner) -> None:
    owner.user.language = ""
    owner.user.save()
    with CaptureQueriesContext(connection) as queries:
        login(client, "ja")
    assert len(user_updates(queries)) == 1
    owner.user.refresh_from_db()
    assert (owner.user.language, owner.user.last_language) == ("", "ja")
    assert owner.user.last_login is not None
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME, HTTP_ACCEPT_LANGUAGE="en")
    assert user_updates(queries) == []


def test_it_emails_in_the_sign_in_language_until_the_user_chooses(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    owner.user.language = ""
    owner.user.save()
    login(client, "ja")
    client.post(reverse("candidates:logout"))
    forgot = reverse("candidates:forgot_password")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(forgot, {"candidate_id": "PGD961"}, HTTP_ACCEPT_LANGUAGE="en")
    run_worker()
    assert mail.outbox[-1].subject == "パスワードの再設定"


def test_it_emails_in_the_boards_language_when_nothing_is_known(db) -> None:
    assert User(language="").email_language == "en"
    assert User(language="", last_language="ja").email_language == "ja"
    assert User(language="en", last_language="ja").email_language == "en"


def test_it_remembers_a_visitors_choice_beyond_the_browser_session(client, db) -> None:
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["max-age"]) == ("ja", 365 * 24 * 60 * 60)
    welcome = client.get(reverse("candidates:welcome"), HTTP_ACCEPT_LANGUAGE="en")
    assert welcome.headers["Content-Language"] == "ja"


def test_it_lets_a_saved_choice_win_over_the_browser(client, owner) -> None:
    client.force_login(owner.user)
    client.post(reverse("set_language"), {"language": "ja", "next": HOME})
    client.cookies.clear()  # another browser, in English
    client.force_login(owner.user)
    home = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en")
    assert home.headers["Content-Language"] == "ja"


def test_it_offers_the_page_language_in_my_details_until_a_choice(client, owner) -> None:
    owner.user.language = ""
    owner.user.save()
    client.force_login(owner.user)
    page = client.get(reverse("candidates:details"), HTTP_ACCEPT_LANGUAGE="ja")
    assert '<option value="ja" selected>' in page.text


def test_it_forgets_the_old_default_english_but_keeps_japanese(db, owner, outsider) -> None:
    migration = importlib.import_module("accounts.migrations.0003_user_language_not_chosen")
    User.objects.filter(pk=owner.user.pk).update(language="en")
    User.objects.filter(pk=outsider.user.pk).update(language="ja")
    migration.forget_default_english(apps, None)
    owner.user.refresh_from_db()
    outsider.user.refresh_from_db()
    assert (owner.user.language, owner.user.email_language) == ("", "en")
    assert outsider.user.language == "ja"


def test_it_loads_the_demo_accounts_with_no_language_chosen(db, settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert set(User.objects.values_list("language", flat=True)) == {""}
