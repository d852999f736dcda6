from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from candidates.emails import CONFIRMATION_SENT
from candidates.forms import LoginForm
from candidates.pagecache import home_lists, home_state, whole_page
from exams.api import Candidate, Exam, candidate_required, entries_for_home


def welcome(request: HttpRequest) -> HttpResponse:
    def context() -> dict[str, object]:
        return {"form": LoginForm(request)}

    if not request.user.is_authenticated:  # the same page for every visitor signed out
        return whole_page(request, "candidates/welcome.html", context, "signed out")
    if hasattr(request.user, "candidate"):
        return redirect("candidates:home")
    return render(request, "candidates/welcome.html", context())


@candidate_required
def home(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    released, waiting = entries_for_home(candidate)
    user = candidate.user  # request.user, read with the candidate (accounts.backends)

    def context() -> dict[str, object]:
        return {
            "candidate": candidate,
            "lists": home_lists(candidate.pk, released, waiting),
            # A message shown once (the page is then not kept) may already say it.
            "confirmation_in_messages": any(
                CONFIRMATION_SENT in message.tags for message in get_messages(request)
            ),
        }

    # Everything the page shows: the candidate's name, the email notice, the lists.
    shown = (candidate.full_name, user and user.email, user and user.has_confirmed_email)
    state = home_state(candidate.pk, released, waiting)
    return whole_page(request, "candidates/home.html", context, candidate.pk, shown, state)


def exams_information(request: HttpRequest) -> HttpResponse:
    exams = Exam.objects.prefetch_related("components", "bands")
    return render(request, "candidates/exams.html", {"exams": exams})


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/help.html")
