"""Django's messages through hoso's MessageMiddleware (frontend/common/messages.py): the storage
is made only for a request that adds or lists messages, and a message still reaches the next
page and is then gone."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import empty

from frontend.common.messages import MessageMiddleware


def _through(view: Callable[[HttpRequest], HttpResponse], cookies: dict[str, str] | None = None,
             ) -> tuple[HttpRequest, HttpResponse]:
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    SessionMiddleware(view).process_request(request)
    return request, MessageMiddleware(view)(request)


def test_a_request_without_messages_makes_no_storage() -> None:
    request, response = _through(lambda request: HttpResponse("ok"))
    assert request._messages._wrapped is empty  # type: ignore[attr-defined]
    assert "messages" not in response.cookies


def test_a_message_added_is_shown_on_the_next_page_once() -> None:
    def add(request: HttpRequest) -> HttpResponse:
        messages.warning(request, "Phiên làm việc đã hết.")
        return HttpResponse("ok")

    shown: list[str] = []

    def show(request: HttpRequest) -> HttpResponse:
        shown.extend(str(message) for message in messages.get_messages(request))
        return HttpResponse("ok")

    _, added = _through(add)
    stored = added.cookies["messages"].value
    assert stored
    _, listed = _through(show, {"messages": stored})
    assert shown == ["Phiên làm việc đã hết."]
    # Read once: the cookie is cleared with the page that showed it.
    assert listed.cookies["messages"]["max-age"] == 0
