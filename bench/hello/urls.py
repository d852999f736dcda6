from django.http import HttpRequest, HttpResponse
from django.urls import path

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hello</title></head>
<body><h1>Hello, world</h1><p>The baseline page of the results-day benchmark.</p></body>
</html>
"""


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


urlpatterns = [path("", hello)]
