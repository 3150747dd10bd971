"""Notifications shown in the page header: an account marks its own as read; the background
runs tell an account something once (a reminder, an announcement), by notification and e-mail."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.transfers.models import Announcement, Notification
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


def notification_mail_queue(*, account: Account, title: str, body: str) -> bool:
    """E-mail the notification's text after the transaction commits, if the account has an
    address; whether one was queued."""
    if not account.email:
        return False
    email = account.email
    transaction.on_commit(lambda: send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return True


def announcements_send(*, key: str, accounts: list[Account], title: str, body: str, link: str = "") -> int:
    """Tell each of `accounts` about the event `key`, once each: a notification and an e-mail.
    How many were told now (those told before are skipped)."""
    told = set(Announcement.objects.filter(key=key, account__in=accounts).values_list("account_id", flat=True))
    sent = 0
    for account in accounts:
        if account.pk in told:
            continue
        try:
            with transaction.atomic():  # a concurrent run's row wins; this one sends nothing
                notification = Notification.objects.create(account=account, title=title[:300], body=body, link=link)
                Announcement.objects.create(key=key, account=account, notification=notification,
                                            emailed=bool(account.email))
        except IntegrityError:
            continue
        notification_mail_queue(account=account, title=title, body=body)
        sent += 1
    return sent
