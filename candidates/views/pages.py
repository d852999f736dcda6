from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from candidates.forms import LoginForm
from candidates.pagecache import home_lists
from exams.api import Candidate, Exam, candidate_required, entries_for_home


def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and hasattr(request.user, "candidate"):
        return redirect("candidates:home")
    return render(request, "candidates/welcome.html", {"form": LoginForm(request)})


@candidate_required
def home(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    released, waiting = entries_for_home(candidate)
    context = {"candidate": candidate, "lists": home_lists(candidate.pk, released, waiting)}
    return render(request, "candidates/home.html", context)


def exams_information(request: HttpRequest) -> HttpResponse:
    exams = Exam.objects.prefetch_related("components", "bands")
    return render(request, "candidates/exams.html", {"exams": exams})


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/help.html")
