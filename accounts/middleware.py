from collections.abc import Callable
from functools import partial

from django.contrib import auth
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from accounts.sessions import user_read_with


def _user(request: HttpRequest) -> AbstractBaseUser | AnonymousUser:
    with user_read_with(request.session):
        return auth.get_user(request)


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with the user taken from the query that read the session row: Django's
    `auth.get_user` runs as ever (auth hash, backend, `is_active`), and while it runs the
    backend is offered that user (accounts/sessions.py, docs/decisions/0010)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(partial(_user, request))  # type: ignore[assignment]


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser and the cookie. Until they
    choose one (`User.language` is empty), LocaleMiddleware's choice stands: the cookie of
    the switcher, else the browser's Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
