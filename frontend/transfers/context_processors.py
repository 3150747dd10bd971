"""For the page header: the signed-in account's unread notifications (register
"frontend.transfers.context_processors.notifications" in TEMPLATES)."""

from django.http import HttpRequest

from core.transfers.selectors import notification_list_for_user

HEADER_LATEST = 5


def notifications(request: HttpRequest) -> dict[str, object]:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if tenant is None or tenant.is_public or user is None or not user.is_authenticated:
        return {"notifications_unread": 0, "notifications_latest": []}
    unread = notification_list_for_user(user=user, unread=True)  # type: ignore[arg-type]
    # Lazy: a page whose template never shows them runs no query.
    return {"notifications_unread": unread.count, "notifications_latest": unread[:HEADER_LATEST]}
