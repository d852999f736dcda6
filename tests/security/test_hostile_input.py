"""Hostile values in every form field and query parameter of every page never give a 5xx.

Pages come from the URLconf, their parameters from objects the user can reach, their
fields from the <form>s each page serves: a new page or field is fuzzed without being
listed here. Each field gets a sample of the values, not all of them, so that it stays
quick; the tests at the end replay the 500s the fuzzing first found.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from uuid import uuid4

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from directory.models import OrganisationAccount
from exams.models import Candidate, ExamSession
from organisations.models import Membership, Role, Status
from sharing.models import Invitation, Share
from tests.factories import PASSWORD
from tests.security.crawl import Form, Route, fill, parse_page, rotate, routes

NUL = "a\x00b"
HOSTILE = [
    NUL,
    "9" * 10_000,  # overlong, and too many digits for int()
    "ß" * 32,  # 64 characters once upper-cased
    "ﬃ" * 32,  # 96 once upper-cased
    "\u202egpj.exe\u202c",  # right-to-left override
    "😀🎓👩‍🎓",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "１２３４５６７８",  # full-width digits
    "99999999999999999999",  # beyond a 64-bit integer
    "/\\evil.example",
    "not a url",
]
# Every page and form gets these, and then one more of the rest in turn.
ALWAYS = HOSTILE[:3]
# Asked of every page, and sent to every form, whether or not the page shows them.
QUERY_NAMES = {"next", "q", "page"}
POST_NAMES = {"next"}
# "components-3-code" in an admin inline: row 0 stands for the others.
LATER_INLINE_ROW = re.compile(r"-[1-9][0-9]*-")
# Fields of one form tried alone (the admin's biggest forms have dozens; each is slow).
MAX_FIELDS_ALONE = 12
# Where a 5xx belongs to work going on elsewhere: (URL name, field) → whose.
# ("*": any field). Such a test xfails with the owner's name, and passes once it is fixed.
OWNED_ELSEWHERE: dict[tuple[str, str], str] = {}
# Plausible values for the fields a hostile value is not in, so that the view gets past
# checking the others and further into its work.
PLAUSIBLE = {
    "candidate_id": "PGD961",
    "username": "PGD961",
    "secret_number": "1234",
    "date_of_birth": "2008-04-02",
    "q": "waseda",
    "email": "someone@example.org",
    "password": PASSWORD,
}


@pytest.fixture(autouse=True)
def quick_hasher(settings) -> None:  # noqa: ANN001
    # Hundreds of password forms: this tests what the pages do with input, not Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """The objects whose ids fill the URL patterns' parameters."""

    params: dict[str, str]

    def value(self, name: str, route: Route) -> str | None:
        if name == "object_id" and route.model is not None:
            obj = route.model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else None
        if name in self.params:
            return self.params[name]
        return {"uuid": str(uuid4()), "int": "1"}.get(route.params[name], "x")


@pytest.fixture
def world(
    owner: Candidate,
    inbox_share: Share,
    rvs_admin: User,
    rvs_member: User,
    other_account: OrganisationAccount,
) -> World:
    # A second account, so that the account switcher (and its `next`) is on the pages.
    Membership.objects.create(
        user=rvs_admin, account=other_account, role=Role.MEMBER, status=Status.APPROVED
    )
    invitation = Invitation.objects.create(
        candidate=owner, organisation_name="Tohoku", email="adm@tohoku.example.jp", country="JP"
    )
    return World(
        {
            "result_uuid": str(inbox_share.result.uuid),
            "share_uuid": str(inbox_share.uuid),
            "invitation_uuid": str(invitation.uuid),
            "membership_id": str(rvs_member.memberships.get().pk),
            "content_type_id": str(ContentType.objects.get_for_model(User).pk),
            "app_label": "exams",
            "uidb64": "MQ",
        }
    )


@dataclass
class Failure:
    route: str
    request: str
    status: int
    field: str
    error: str

    def __str__(self) -> str:
        return f"{self.status} [{self.field}] {self.error[:120]} ← {self.request}"[:400]


class Fuzzer:
    """Sends the hostile values and keeps every 5xx (rather than stopping at the first)."""

    def __init__(self, client: Client, user: User | None) -> None:
        self.client, self.user = client, user
        client.raise_request_exception = False
        self.failures: list[Failure] = []
        self.seen_forms: set[tuple] = set()
        self.turn = 0

    def values(self) -> list[str]:
        self.turn += 1
        rest = HOSTILE[len(ALWAYS) :]
        return [*ALWAYS, rest[self.turn % len(rest)]]

    def request(self, route: Route, method: str, url: str, data: dict, field: str):  # noqa: ANN201
        response = getattr(self.client, method)(url, data)
        if response.status_code >= 500:
            error = repr(response.exc_info[1]) if response.exc_info else ""
            shown = {k: (v if len(str(v)) < 40 else f"{str(v)[:20]}…") for k, v in data.items()}
            request = f"{method.upper()} {url} {shown}"
            self.failures.append(Failure(route.name, request, response.status_code, field, error))
        if (
            self.user is not None
            and method == "post"
            and "_auth_user_id" not in self.client.session
        ):
            self.client.force_login(self.user)  # a logout or password form signed us out
        return response

    def page(self, route: Route, url: str) -> None:
        response = self.request(route, "get", url, {}, "")
        if response.status_code == 405:  # POST only, perhaps with no form on any page
            form = Form(url, "post", dict.fromkeys(QUERY_NAMES, ""))
            self.form(route, form)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        page = parse_page(url, response.content.decode())
        names = page.query_names | QUERY_NAMES
        for form in page.forms:
            if form.method == "get":
                names |= set(form.fields)
            elif self.first_time(route, form):
                self.form(route, form)
        for value in self.values():
            self.request(route, "get", url, dict.fromkeys(sorted(names), value), "query")

    def first_time(self, route: Route, form: Form) -> bool:
        # The admin's add and change pages of one model show one form: fuzz it once.
        key = (route.model or form.action, form.method, tuple(sorted(form.fields)))
        seen = key in self.seen_forms
        self.seen_forms.add(key)
        return not seen

    def form(self, route: Route, form: Form) -> None:
        names = sorted(set(form.fields) | POST_NAMES)
        # Every field hostile at once, each value in turn in every field ...
        for start in range(len(ALWAYS) + 1):
            values = rotate(HOSTILE, start + self.turn)
            self.post(route, form, {name: next(values) for name in names}, "all")
        # ... and each field alone among plausible values, to get past the others' checks.
        defaults = {
            name: value or PLAUSIBLE.get(name, "")
            for name, value in form.fields.items()
            if value is not None
        }
        values = rotate(HOSTILE, self.turn)
        alone = [name for name in names if not LATER_INLINE_ROW.search(name)]
        for name in alone[:MAX_FIELDS_ALONE]:
            self.post(route, form, {**defaults, name: next(values)}, name)

    def post(self, route: Route, form: Form, data: dict, field: str) -> None:
        # An upload (the bulk verification CSV) carries a hostile row of its own.
        row = f"candidate_id,secret_number\n{data.get(field, NUL)},{HOSTILE[self.turn % 12]}\n"
        files = {name: SimpleUploadedFile("x.csv", row.encode()) for name in form.files}
        self.request(route, form.method, form.action, {**data, **files}, field)


def _urls(world: World, staff_pages: bool) -> Iterator[tuple[Route, str]]:
    # Deleting and logging out last, so that the other pages still have their objects.
    ordered = sorted(routes(), key=lambda r: ("delete" in r.name or "logout" in r.name, r.name))
    for route in ordered:
        if route.is_admin and not staff_pages and route.name != "admin:login":
            continue  # the admin sends everyone else to its login page
        kwargs = fill(route, world.value)
        if kwargs is not None:
            yield route, reverse(route.name, kwargs=kwargs)


def _fuzz(client: Client, user: User | None, world: World, staff_pages: bool = False) -> None:
    if user is not None:
        client.force_login(user)
    fuzzer = Fuzzer(client, user)
    for route, url in _urls(world, staff_pages):
        fuzzer.page(route, url)
    _report(fuzzer.failures)


def _report(failures: list[Failure]) -> None:
    """Fails with one line per kind of 5xx (page, field, exception); owned ones xfail."""
    kinds: dict[tuple[str, str, str], Failure] = {}
    for failure in failures:
        kinds.setdefault((failure.route, failure.field, failure.error[:30]), failure)
    mine = [f for f in kinds.values() if _owner(f) is None]
    assert not mine, f"{len(failures)} responses were 5xx:\n" + "\n".join(map(str, mine))
    if failures:
        pytest.xfail("; ".join(sorted({f"{_owner(f)}: {f}" for f in kinds.values()})))


def _owner(failure: Failure) -> str | None:
    return OWNED_ELSEWHERE.get((failure.route, failure.field)) or OWNED_ELSEWHERE.get(
        (failure.route, "*")
    )


def test_it_survives_hostile_input_from_anonymous_visitors(client: Client, world: World) -> None:
    _fuzz(client, None, world)


def test_it_survives_hostile_input_from_candidates(
    client: Client, world: World, owner: Candidate
) -> None:
    _fuzz(client, owner.user, world)


def test_it_survives_hostile_input_from_organisation_users(
    client: Client, world: World, rvs_admin: User
) -> None:
    _fuzz(client, rvs_admin, world)


def test_it_survives_hostile_input_from_staff(client: Client, world: World, staff: User) -> None:
    _fuzz(client, staff, world, staff_pages=True)


# --- The 500s found by fuzzing, one by one -------------------------------------------------


def test_it_searches_the_directory_with_a_nul_in_the_query(client: Client, rvs_account) -> None:
    response = client.get(reverse("organisations:join"), {"q": "wase\x00da"})
    assert response.status_code == 200
    assert "WASEDA University" in response.text


def test_it_searches_from_send_my_result_with_a_nul_in_the_query(
    client: Client, inbox_share: Share, owner: Candidate
) -> None:
    client.force_login(owner.user)
    url = reverse("sharing:send", args=[inbox_share.result.uuid])
    for params in ({"q": "wase\x00da"}, {"q": "wase\x00da", "partial": "1"}):
        assert client.get(url, params).status_code in (200, 400)


@pytest.mark.parametrize(
    "target", ["not a url", "ßß", "/a\x00b", "//evil.example/", "https://evil.example/"]
)
def test_it_switches_account_whatever_the_next_parameter(
    client: Client, rvs_admin: User, other_account: OrganisationAccount, target: str
) -> None:
    Membership.objects.create(
        user=rvs_admin, account=other_account, role=Role.MEMBER, status=Status.APPROVED
    )
    client.force_login(rvs_admin)
    data = {"account": str(other_account.uuid), "next": target}
    response = client.post(reverse("organisations:switch"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:inbox")
    assert (
        client.get(reverse("organisations:inbox")).context["request"].rvs_membership.account
        == other_account
    )


def test_it_returns_to_a_path_of_ours_after_switching(client: Client, rvs_admin: User) -> None:
    client.force_login(rvs_admin)
    response = client.post(reverse("organisations:switch"), {"next": "/rvs/verify/?x=1"})
    assert response["Location"] == "/rvs/verify/?x=1"


@pytest.mark.parametrize("target", ["not a url", "/a\x00b", "//evil.example/"])
def test_it_marks_processed_whatever_the_next_parameter(
    client: Client, inbox_share: Share, rvs_member: User, target: str
) -> None:
    client.force_login(rvs_member)
    response = client.post(
        reverse("organisations:process", args=[inbox_share.uuid]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:share", args=[inbox_share.uuid])
    inbox_share.refresh_from_db()
    assert inbox_share.processed_at is not None


def test_it_refuses_a_nul_in_an_admin_action_without_acting(
    client: Client, staff: User, pet_session: ExamSession
) -> None:
    client.force_login(staff)
    data = {"action": "release_now", "index": "0", "_selected_action": ["a\x00b", pet_session.pk]}
    response = client.post(reverse("admin:exams_examsession_changelist"), data)
    assert response.status_code == 400
    assert "cannot be used here" in response.text
    pet_session.refresh_from_db()
    assert not pet_session.is_released
