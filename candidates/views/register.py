"""Registration with ID Number + Secret Number, and confirming the email address.

Nothing here may tell a guesser whether a Secret Number was right unless registration
succeeds (docs/decisions/0003): the password is checked against what was typed before
the secret, and an ID Number already registered gets the same answer whatever was typed.
"""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.api import User, read_email_token, remember_device
from candidates.emails import CONFIRMATION_SENT, send_email_confirmation
from candidates.forms import RegistrationForm
from exams.api import Candidate, entries_for_home
from limits import api as limits

BACKEND = "accounts.backends.UserBackend"


def _check_identity(form: RegistrationForm, address: str | None) -> Candidate | None:
    """The candidate if the ID Number, Secret Number (and the date of birth, when asked)
    match, else a form error. Wrong ones are counted; refusals before checking are not."""
    data = form.cleaned_data
    candidate_id, born = data["candidate_id"], data.get("date_of_birth")
    paused_until = limits.registration_paused_until(address)
    if paused_until is not None:
        form.add_error(None, _paused_message(paused_until))
        return None
    if limits.registration_needs_date_of_birth(candidate_id, address):
        form.ask_date_of_birth(missing=born is None)
        if born is None:
            return None
    candidate = Candidate.objects.filter(candidate_id=candidate_id).first()
    if _matches(candidate, data["secret_number"], born):
        return candidate
    limits.registration_failed(candidate_id, address)
    if born is not None or limits.registration_needs_date_of_birth(candidate_id, address):
        form.ask_date_of_birth()
    form.add_error(None, _no_match_message(born is not None))
    return None


def _matches(candidate: Candidate | None, secret_number: str, born: date | None) -> bool:
    if candidate is None or not candidate.check_secret_number(secret_number):
        return False
    return born is None or candidate.date_of_birth == born


def _paused_message(until: datetime) -> str:
    return _(
        "Too many wrong Secret Numbers have been typed from your network. You can try "
        "again from %(time)s, or register from another connection (for example your "
        "phone's mobile data)."
    ) % {"time": date_filter(timezone.localtime(until), "DATETIME_FORMAT")}


def _no_match_message(with_date_of_birth: bool) -> str:
    if with_date_of_birth:
        return _(
            "The ID Number, Secret Number and date of birth do not match our records. "
            "Check your Confirmation of Entry and try again."
        )
    return _(
        "The ID Number and Secret Number do not match our records. "
        "Check your Confirmation of Entry and try again."
    )


def _is_registered(candidate_id: str) -> bool:
    return (
        Candidate.objects.filter(candidate_id=candidate_id, user__isnull=False).exists()
        or User.objects.filter(username=candidate_id).exists()
    )


def _create_account(form: RegistrationForm, candidate: Candidate) -> User | None:
    """The new, signed-up user; None if someone registered this ID Number a moment ago."""
    data = form.cleaned_data
    user = User(
        username=candidate.candidate_id,
        email=data["email"],
        language=data["language"],
        first_name=candidate.given_name,
        last_name=candidate.family_name,
    )
    user.set_password(data["password1"])
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if _is_registered(locked.candidate_id):
            return None
        user.save()
        locked.user = user
        locked.save(update_fields=["user"])
        send_email_confirmation(user, user.email)
    return user


def _already_registered(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/already_registered.html", status=409)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and hasattr(request.user, "candidate"):
        return redirect("candidates:home")
    address = limits.client_ip(request)
    form = RegistrationForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        # Before the secret is looked at, and not counted: the same answer for any secret.
        if _is_registered(form.cleaned_data["candidate_id"]):
            return _already_registered(request)
        candidate = _check_identity(form, address)
        if candidate is not None:
            user = _create_account(form, candidate)
            if user is None:
                return _already_registered(request)
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _(
                    "Your account is ready. We have sent a link to %(email)s: "
                    "open it to confirm your address, so that we can email "
                    "you when your results are released."
                )
                % {"email": user.email},
                extra_tags=CONFIRMATION_SENT,
            )
            response = redirect("candidates:home")
            remember_device(request, response, user.username)  # a known browser from now on
            return response
    elif form.data.get("date_of_birth") or limits.registration_needs_date_of_birth(
        getattr(form, "cleaned_data", {}).get("candidate_id"), address
    ):
        form.ask_date_of_birth()
    return render(request, "candidates/register.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    found = read_email_token(token, "candidate")
    if found is None:
        return render(request, "candidates/confirm_email.html", {"ok": False}, status=400)
    user, email = found
    user.confirm_email(email)
    # What is true now: results to open already, or when the next ones come.
    released, waiting = entries_for_home(user.candidate)
    context = {"ok": True, "email": email, "released": released, "waiting": waiting}
    return render(request, "candidates/confirm_email.html", context)
