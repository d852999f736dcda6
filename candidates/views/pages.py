from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def welcome(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/welcome.html")
