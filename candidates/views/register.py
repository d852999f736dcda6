"""Registration with ID Number + Secret Number, and confirming the email address."""

from datetime import datetime

from limits.api import client_ip
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

from accounts.models import User
from accounts.tokens import read_email_token
from candidates import throttle
from candidates.emails import send_email_confirmation
from candidates.forms import RegistrationForm
from exams.models import Candidate

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _check_identity(form: RegistrationForm, ip: str | None) -> Candidate | None:
    """The candidate if the ID Number and Secret Number match, else a form error."""
    candidate_id = form.cleaned_data["candidate_id"]
    until = throttle.blocked_until(candidate_id, ip)
    if until is not None:
        form.add_error(
            None,
            _(
                "Too many wrong attempts. For your security, registration is "
                "paused until %(time)s. Please try again then."
            )
            % {"time": _format_time(until)},
        )
        return None
    candidate = Candidate.objects.filter(candidate_id=candidate_id).first()
    if candidate is None or not candidate.check_secret_number(form.cleaned_data["secret_number"]):
        throttle.record(candidate_id, ip, succeeded=False)
        form.add_error(
            None,
            _(
                "The ID Number and Secret Number do not match our records. "
                "Check your Confirmation of Entry and try again."
            ),
        )
        return None
    throttle.record(candidate_id, ip, succeeded=True)
    return candidate


def _format_time(value: datetime) -> str:
    return date_filter(timezone.localtime(value), "DATETIME_FORMAT")


def _is_registered(candidate: Candidate) -> bool:
    return (
        candidate.user_id is not None
        or User.objects.filter(username=candidate.candidate_id).exists()
    )


def _create_account(form: RegistrationForm, candidate: Candidate) -> User | None:
    """The new, signed-up user; None if the password fails validation or someone else
    registered this ID Number a moment ago."""
    data = form.cleaned_data
    user = User(
        username=candidate.candidate_id,
        email=data["email"],
        language=data["language"],
        first_name=candidate.given_name,
        last_name=candidate.family_name,
    )
    if not form.validate_password_for(user):
        return None
    user.set_password(data["password1"])
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if _is_registered(locked):
            form.add_error(
                None,
                _("This ID Number is already registered. Log in, or use “Forgot your password?”."),
            )
            return None
        user.save()
        locked.user = user
        locked.save(update_fields=["user"])
        send_email_confirmation(user, user.email)
    return user


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and hasattr(request.user, "candidate"):
        return redirect("candidates:home")
    form = RegistrationForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        candidate = _check_identity(form, client_ip(request))
        if candidate is not None and _is_registered(candidate):
            return render(request, "candidates/already_registered.html", status=409)
        if candidate is not None and (user := _create_account(form, candidate)):
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _(
                    "Your account is ready. We have sent a link to %(email)s: "
                    "open it to confirm your address, so that we can email "
                    "you when your results are released."
                )
                % {"email": user.email},
            )
            return redirect("candidates:home")
    return render(request, "candidates/register.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    found = read_email_token(token, "candidate")
    if found is None:
        return render(request, "candidates/confirm_email.html", {"ok": False}, status=400)
    user, email = found
    user.confirm_email(email)
    return render(request, "candidates/confirm_email.html", {"ok": True, "email": email})
