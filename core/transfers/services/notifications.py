"""Notifications shown in the page header: an account marks its own as read; the background
runs tell an account something once (a reminder, an announcement), by notification and e-mail."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
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
    return _mail_queue(email=account.email, title=title, body=body)


def _mail_queue(*, email: str, title: str, body: str) -> bool:
    if not email:
        return False
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
    """One account's own message about an event (announcements_send_each); the account by id
    and e-mail address, as a province's tens of thousands are read."""

    account_id: int
    email: str
    title: str
    body: str
    link: str = ""


# Rows written by one statement: a province's month can tell tens of thousands of people.
SEND_BATCH = 10_000


def announcements_send_each(*, key: str, messages: Sequence[Message]) -> int:
    """Tell each account its own message about the event `key`, once each, as announcements_send
    does for one message, but in a few statements per SEND_BATCH accounts instead of several per
    account. How many were told now."""
    told = _told(key)
    fresh = [message for message in messages if message.account_id not in told]
    sent = 0
    for start in range(0, len(fresh), SEND_BATCH):
        batch = fresh[start:start + SEND_BATCH]
        try:
            with transaction.atomic():
                _insert(key=key, batch=batch)
        except (IntegrityError, psycopg.errors.UniqueViolation):
            # A concurrent run told some of them first: one at a time, its rows win.
            accounts = Account.objects.in_bulk([m.account_id for m in batch])
            sent += sum(announcements_send(key=key, accounts=[accounts[m.account_id]], title=m.title, body=m.body,
                                           link=m.link) for m in batch if m.account_id in accounts)
            continue
        for m in batch:
            _mail_queue(email=m.email, title=m.title, body=m.body)
        sent += len(batch)
    return sent


def _told(key: str) -> set[int]:
    return set(Announcement.objects.filter(key=key).values_list("account_id", flat=True))


def _insert(*, key: str, batch: Sequence[Message]) -> None:
    """The batch's notifications and announcements written by one statement: the few distinct
    texts (people who lack the same items are told the same) and, per account, which text is its
    own, sent as arrays and joined in the database. At 60,000 people a month, building and
    binding INSERTs, then writing each row to COPY, took most of the reminders' time
    (bench_fleet_duties). The tables are the province's, by the connection's search path; the ids
    are drawn in the batch's order."""
    now = timezone.now()
    texts: dict[tuple[str, str, str], int] = {}
    which = [texts.setdefault((m.title[:300], m.body, m.link), len(texts) + 1) for m in batch]
    titles, bodies, links = (list(column) for column in zip(*texts, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(f"""
            WITH texts AS (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[]) WITH ORDINALITY
                             AS t (title, body, link, text_id)),
                 told AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[]) WITH ORDINALITY
                             AS a (account_id, text_id, emailed, position)),
                 made AS (INSERT INTO {Notification._meta.db_table} (account_id, title, body, link, created_at)
                          SELECT told.account_id, texts.title, texts.body, texts.link, %s
                          FROM told JOIN texts USING (text_id) ORDER BY told.position
                          RETURNING id, account_id)
            INSERT INTO {Announcement._meta.db_table} (key, account_id, notification_id, emailed, sent_at)
            SELECT %s, made.account_id, made.id, told.emailed, %s FROM made JOIN told USING (account_id)
            """, [titles, bodies, links, _array(m.account_id for m in batch), _array(which),
                  "{" + ",".join("t" if m.email else "f" for m in batch) + "}", now, key, now])


def _array(numbers: Iterable[int]) -> str:
    """A Postgres array literal of integers: tens of thousands are bound as one text, not as one
    parameter each."""
    return "{" + ",".join(map(str, numbers)) + "}"
