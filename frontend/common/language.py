"""The page language: Vietnamese unless the person chose English with the switch in the page
header (a cookie, set by Django's set_language view). The browser's Accept-Language is never
consulted: a civil servant with an English-language browser still gets Vietnamese pages."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def language_of(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Replaces django.middleware.locale.LocaleMiddleware (same place in MIDDLEWARE).

    Another language than the default is deactivated after its response, so that nothing after
    an English page runs in English. The default one is left active: that is the language Django
    uses when none is active anyway, and deactivating it on every request costs more than the
    rest of this middleware (a thread-local attribute deleted, then made again)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if language != settings.LANGUAGE_CODE:
            translation.deactivate()
        return response
