"""Notifications shown in the page header: an account marks its own as read; the background
runs tell an account something once (a reminder, an announcement), by notification and e-mail."""

from collections.abc import Sequence
from dataclasses import dataclass

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



@dataclass(frozen=True)
class Message:
    """One account's own message about an event (announcements_send_each)."""

    account: Account
    title: str
    body: str
    link: str = ""


# Rows written by one statement: a province's month can tell tens of thousands of people.
SEND_BATCH = 2000


def announcements_send_each(*, key: str, messages: Sequence[Message]) -> int:
    """Tell each account its own message about the event `key`, once each, as announcements_send
    does for one message, but in a few statements per SEND_BATCH accounts instead of several per
    account. How many were told now."""
    told = set(Announcement.objects.filter(key=key).values_list("account_id", flat=True))
    fresh = [message for message in messages if message.account.pk not in told]
    sent = 0
    for start in range(0, len(fresh), SEND_BATCH):
        batch = fresh[start:start + SEND_BATCH]
        try:
            with transaction.atomic():
                notifications = Notification.objects.bulk_create([
                    Notification(account=m.account, title=m.title[:300], body=m.body, link=m.link) for m in batch])
                Announcement.objects.bulk_create([
                    Announcement(key=key, account=m.account, notification=notification, emailed=bool(m.account.email))
                    for m, notification in zip(batch, notifications, strict=True)])
        except IntegrityError:
            # A concurrent run told some of them first: one at a time, its rows win.
            sent += sum(announcements_send(key=key, accounts=[m.account], title=m.title, body=m.body, link=m.link)
                        for m in batch)
            continue
        for m in batch:
            notification_mail_queue(account=m.account, title=m.title, body=m.body)
        sent += len(batch)
    return sent
