"""Django's messages (the notices shown once on the next page), their storage made on first use.

django.contrib.messages' middleware makes the storage for every request: a signer for the
cookie storage and a session storage, the costliest step of a one-query request after the view
itself, though most requests (API calls, pages without a notice) neither add nor show a message.
Here the storage is made when a request first adds, lists or counts messages. A request that never
touched it has nothing to store, which is what Django's storage would have found after the
response too."""

from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty


class MessageMiddleware(DjangoMessageMiddleware):
    """In MIDDLEWARE where django.contrib.messages' middleware was (a subclass of it, as the
    system checks expect)."""

    # Synchronous only, without MiddlewareMixin's dispatch; Django adapts it under ASGI.
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.process_request(request)
        return self.process_response(request, self.get_response(request))  # type: ignore[arg-type]

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        messages = getattr(request, "_messages", None)
        if type(messages) is SimpleLazyObject and messages._wrapped is empty:
            return response
        return super().process_response(request, response)  # type: ignore[no-any-return]
