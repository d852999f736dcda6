"""Deploy checks: the steps that turn a checkout into a server that can answer.

With DEBUG off every page names its static files by their hashed names, read from the
manifest that `collectstatic` writes: without it every page is a 500. Japanese comes
from the .mo files that `compilemessages` writes: without them every page is English.
Neither file is in git, so `manage.py check --deploy` (run by the systemd unit before
the server starts, deploy/systemd/) says which command to run.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from resultbridge import brand


@register(Tags.staticfiles, deploy=True)
def check_static_files_collected(**kwargs: object) -> list[CheckMessage]:
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return []  # DEBUG: files are served as they are, no manifest needed
    manifest = Path(settings.STATIC_ROOT) / storage.manifest_name
    if storage.read_manifest() is None:
        return [
            Error(
                f"The static files manifest {manifest} is missing: every page would be a "
                "server error. Run `manage.py collectstatic --noinput`.",
                id="resultbridge.E001",
            )
        ]
    collected, _hash = storage.load_manifest()
    missing = sorted(set(_static_paths()) - set(collected))
    if missing:
        return [
            Warning(
                f"{len(missing)} static files are not in {manifest} (e.g. {missing[0]}): "
                "pages using them would be server errors. Run `manage.py collectstatic "
                "--noinput` again.",
                id="resultbridge.W002",
            )
        ]
    return []


@register(Tags.staticfiles, deploy=True)
def check_brand_colour_collected(**kwargs: object) -> list[CheckMessage]:
    """The board's colour is collected into a file (resultbridge/brand.py): a colour changed
    since would show only after collectstatic."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin) or storage.read_manifest() is None:
        return []  # DEBUG serves the current colour; no manifest is E001's business
    collected, _hash = storage.load_manifest()
    if brand.PATH not in collected:
        return []  # W002 says to collect it
    with storage.open(collected[brand.PATH]) as file:
        if file.read().decode() == brand.board_css(settings.BOARD_PRIMARY_COLOUR):
            return []
    return [
        Warning(
            "BOARD_PRIMARY_COLOUR changed since static files were collected: pages show the "
            "old colour. Run `manage.py collectstatic --noinput` again.",
            id="resultbridge.W005",
        )
    ]


def _static_paths() -> list[str]:
    return [
        path
        for finder in finders.get_finders()
        for path, _storage in finder.list(["CVS", ".*", "*~"])
    ]


@register(Tags.translation, deploy=True)
def check_messages_compiled(**kwargs: object) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    for locale_path in map(Path, settings.LOCALE_PATHS):
        for code, _name in settings.LANGUAGES:
            for po in sorted((locale_path / code / "LC_MESSAGES").glob("*.po")):
                found += _compiled(po)
    return found


def _compiled(po: Path) -> list[CheckMessage]:
    mo = po.with_suffix(".mo")
    if not mo.exists():
        return [
            Error(
                f"{mo} is missing: pages in that language would show English. "
                "Run `manage.py compilemessages`.",
                id="resultbridge.E003",
            )
        ]
    if mo.stat().st_mtime < po.stat().st_mtime:
        return [
            Warning(
                f"{mo} is older than {po.name}: new translations would not show. "
                "Run `manage.py compilemessages`.",
                id="resultbridge.W004",
            )
        ]
    return []
