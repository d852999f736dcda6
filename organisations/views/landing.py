from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def landing(request: HttpRequest) -> HttpResponse:
    """The guide's step 3: create an account, join one, or "I am a student"."""
    return render(request, "organisations/landing.html")
