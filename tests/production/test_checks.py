"""`manage.py check --deploy` says to run collectstatic and compilemessages (the 500s and
the English pages a fresh checkout gives with DEBUG off: resultbridge/checks.py)."""

import os
import time

import pytest
from django.core.management import call_command

from resultbridge.checks import check_messages_compiled, check_static_files_collected
from tests.production.conftest import Production
from tests.production.stack import Browser

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.mark.production
def test_it_answers_500_without_collectstatic_and_check_deploy_says_why(
    production: Production, tmp_path
) -> None:
    fresh_checkout = {"STATIC_ROOT": str(tmp_path / "never-collected")}
    bare = production.stack.start_web("web-bare", workers=1, overrides=fresh_checkout)
    assert Browser(bare).get("/").status == 500
    assert Browser(bare).get("/login/").status == 500
    checked = production.stack.try_manage("check", "--deploy", overrides=fresh_checkout)
    assert checked.returncode != 0
    report = checked.stdout + checked.stderr
    assert "resultbridge.E001" in report
    assert "Run `manage.py collectstatic --noinput`" in report


@pytest.fixture
def manifest_storage(settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path / "static"
    return settings.STATIC_ROOT


def test_it_asks_for_collectstatic_when_the_manifest_is_missing(manifest_storage) -> None:
    [error] = check_static_files_collected()
    assert error.id == "resultbridge.E001"
    assert "Run `manage.py collectstatic --noinput`" in error.msg


def test_it_asks_for_collectstatic_again_when_a_file_was_added_since(
    manifest_storage, settings, tmp_path
) -> None:
    call_command("collectstatic", "--noinput", verbosity=0)
    assert check_static_files_collected() == []
    added = tmp_path / "more"
    (added / "css").mkdir(parents=True)
    (added / "css" / "new.css").write_text("p {}")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, added]
    [warning] = check_static_files_collected()
    assert warning.id == "resultbridge.W002" and "css/new.css" in warning.msg


def test_it_needs_no_manifest_with_debug_storage(settings, tmp_path) -> None:
    settings.STATIC_ROOT = tmp_path / "empty"
    assert check_static_files_collected() == []  # the tests' settings: DEBUG storage


@pytest.fixture
def catalogue(settings, tmp_path):
    messages = tmp_path / "locale" / "ja" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid "Log in"\nmsgstr "ログイン"\n', encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    return messages


def test_it_asks_for_compilemessages_when_a_catalogue_is_not_compiled(catalogue) -> None:
    [error] = check_messages_compiled()
    assert error.id == "resultbridge.E003"
    assert "django.mo is missing" in error.msg and "Run `manage.py compilemessages`" in error.msg


def test_it_asks_for_compilemessages_when_the_catalogue_changed_since(catalogue) -> None:
    (catalogue / "django.mo").write_bytes(b"")
    an_hour_ago = time.time() - 3600
    os.utime(catalogue / "django.mo", (an_hour_ago, an_hour_ago))
    [warning] = check_messages_compiled()
    assert warning.id == "resultbridge.W004"


def test_it_is_content_with_messages_compiled_after_their_last_change(catalogue) -> None:
    (catalogue / "django.mo").write_bytes(b"")  # written after the .po: as compilemessages does
    assert check_messages_compiled() == []
