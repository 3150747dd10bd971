"""Notifications shown in the page header: an account marks its own as read."""

from django.db import transaction
from django.utils import timezone

from core.accounts.models import Account
from core.transfers.models import Notification
from core.transfers.selectors import notification_get_for_user, notification_list_for_user


def notification_read(*, acting_user: Account, notification_id: int) -> Notification:
    with transaction.atomic():
        notification = notification_get_for_user(user=acting_user, notification_id=notification_id)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return notification


def notifications_read_all(*, acting_user: Account) -> int:
    return notification_list_for_user(user=acting_user, unread=True).update(read_at=timezone.now())
