"""The monthly reminder about incomplete dossiers (issue 19 item 6; Lào Cai Art. 14.4): the daily
run tells each person whose dossier lacks a required item what it lacks, and each unit officer
how many dossiers of its subtree are incomplete, once a month."""

from datetime import date

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.resumes.incomplete import incomplete_dossiers_working
from core.resumes.selectors import incomplete_dossier_list_for_user
from core.transfers.models import Notification
from core.transfers.services.daily import duties_daily_run
from core.transfers.services.incomplete_reminders import (
    IncompleteRemindResult,
    incomplete_dossiers_remind,
)
from tests.core.conftest import Personas


def test_the_month_s_reminders_reach_the_person_and_the_officer_once(lc: Personas) -> None:
    """Lào Cai Art. 14.4: the December run tells the employee (Phòng Quản lý ngân sách) what its
    dossier lacks and the officer of Sở Tài chính how many of its dossiers are incomplete; a second
    run in December sends nothing; January's first run sends again."""
    found = {one.account_id: one.completeness for one in incomplete_dossiers_working()}
    assert lc.employee.pk in found, "the demo employee's dossier is expected incomplete"
    missing = found[lc.employee.pk].missing_labels
    officer_count = len(incomplete_dossier_list_for_user(user=lc.officer))

    first = incomplete_dossiers_remind(today=date(2026, 12, 4))

    (mine,) = Notification.objects.filter(account=lc.employee, title__startswith="Hồ sơ của anh/chị chưa đầy đủ")
    assert mine.title == f"Hồ sơ của anh/chị chưa đầy đủ (tháng 12/2026): còn thiếu {len(missing)} mục"
    assert missing[0] in mine.body and mine.link == "/ho-so-cua-toi/"
    (officer,) = Notification.objects.filter(account=lc.officer, title__startswith="Hồ sơ chưa đầy đủ trong đơn vị")
    assert officer.title == f"Hồ sơ chưa đầy đủ trong đơn vị (tháng 12/2026): {officer_count} hồ sơ"
    assert officer.link == "/ho-so-chua-day-du/"
    assert first.people == len({account for account in found if account is not None}) and first.officers >= 1
    assert AuditEvent.objects.filter(action="incomplete_dossiers.remind").count() == 1

    again = incomplete_dossiers_remind(today=date(2026, 12, 20))
    assert (again.people, again.officers) == (0, 0)
    assert Notification.objects.filter(account=lc.employee, title__startswith="Hồ sơ của anh/chị").count() == 1

    incomplete_dossiers_remind(today=date(2027, 1, 2))
    assert Notification.objects.filter(account=lc.employee, title__startswith="Hồ sơ của anh/chị").count() == 2


def test_the_daily_run_sends_the_month_s_reminder(lc: Personas) -> None:
    """The reminder is part of the daily duty run, counted in its result."""
    result = duties_daily_run(today=date(2026, 12, 4))
    assert result.incomplete_reminded >= 2
    assert result.as_dict()["incomplete_reminded"] == result.incomplete_reminded
    assert duties_daily_run(today=date(2026, 12, 5)).incomplete_reminded == 0


def test_later_runs_of_the_month_do_not_measure_every_dossier_again(
    lc: Personas, django_assert_num_queries  # type: ignore[no-untyped-def]
) -> None:
    """Once the month's round went out, a later run costs one query, whatever the province's size."""
    incomplete_dossiers_remind(today=date(2026, 12, 1))
    with django_assert_num_queries(1):
        assert incomplete_dossiers_remind(today=date(2026, 12, 2)).people == 0


def test_a_province_with_no_one_to_tell_does_not_measure_its_dossiers(
    lc: Personas, django_assert_num_queries  # type: ignore[no-untyped-def]
) -> None:
    """With no active account among its working people and no officer, a run could send nothing:
    it costs three queries, whatever the province's size; once someone can be told, it measures
    and tells them."""
    Account.objects.update(is_active=False)
    with django_assert_num_queries(3):
        assert incomplete_dossiers_remind(today=date(2026, 12, 1)) == IncompleteRemindResult(people=0, officers=0)
    assert not Notification.objects.exists()

    Account.objects.filter(pk=lc.employee.pk).update(is_active=True)
    assert incomplete_dossiers_remind(today=date(2026, 12, 2)) == IncompleteRemindResult(people=1, officers=0)
    assert Notification.objects.filter(account=lc.employee).count() == 1


def test_the_people_s_reminders_go_out_in_batches_and_never_twice(
    lc: Personas, django_assert_max_num_queries  # type: ignore[no-untyped-def]
) -> None:
    """Tens of thousands of people are told in a few statements, not several each
    (core.transfers.services.notifications.announcements_send_each): the same queries for 30 as
    for 3 more people to tell; someone already told this month (a concurrent run) is skipped."""
    from core.models import OrgUnit, Person
    from core.transfers.services.notifications import (
        Message,
        announcements_send,
        announcements_send_each,
    )
    from tests.core.factories import PersonFactory

    unit = OrgUnit.objects.get(name="Sở Tài chính")
    key = "incomplete-dossier:2026-12"

    def with_accounts(n: int, prefix: str) -> list[Account]:
        people = PersonFactory.build_many(n, org_unit=unit, prefix=prefix)
        accounts = Account.objects.bulk_create([Account(username=f"t-{p.national_id}") for p in people])
        for person, account in zip(people, accounts, strict=True):
            Person.objects.filter(pk=person.pk).update(account=account)
        return accounts

    few, many = with_accounts(3, "011"), with_accounts(30, "012")
    announcements_send(key=key, accounts=[many[0]], title="t", body="b")
    with django_assert_max_num_queries(6) as few_cost:
        assert announcements_send_each(key=key, messages=[Message(a.pk, a.email, f"T {a.pk}", "b") for a in few]) == 3
    with django_assert_max_num_queries(len(few_cost.captured_queries)):
        assert announcements_send_each(key=key, messages=[Message(a.pk, a.email, f"T {a.pk}", "b") for a in many]) == 29
    assert Notification.objects.filter(account=many[0]).count() == 1
    assert Notification.objects.get(account=many[5]).title == f"T {many[5].pk}"


def test_a_batch_that_meets_a_concurrent_run_s_rows_tells_the_rest_one_at_a_time(
    lc: Personas, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """Two runs read who was told before either wrote: the second's batch meets the first's rows,
    is undone whole, and goes again one account at a time, where the first's rows win."""
    from core.transfers.services import notifications
    from core.transfers.services.notifications import (
        Message,
        announcements_send,
        announcements_send_each,
    )

    key = "incomplete-dossier:2026-12"
    accounts = [lc.employee, lc.officer, lc.approver]
    announcements_send(key=key, accounts=[lc.officer], title="first run", body="b")
    monkeypatch.setattr(notifications, "_told", lambda key: set())  # as read before the first run wrote
    assert announcements_send_each(key=key, messages=[Message(a.pk, a.email, "second run", "b") for a in accounts]) == 2
    assert list(Notification.objects.filter(account=lc.officer).values_list("title", flat=True)) == ["first run"]
    assert Notification.objects.filter(account=lc.employee, title="second run").count() == 1


def test_each_person_hears_their_own_dossier_s_gaps_by_notification_and_e_mail(
    lc: Personas, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    """People whose dossiers lack the same items share one text (written once), others get their
    own; the e-mail goes to the account's address, read with the measure; an inactive account is
    not told."""
    from django.core import mail

    found = {one.account_id: one for one in incomplete_dossiers_working() if one.account_id is not None}
    lc.employee.email = "nv@laocai.example"
    lc.employee.save(update_fields=["email"])
    inactive = next(pk for pk in found if pk != lc.employee.pk)
    Account.objects.filter(pk=inactive).update(is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = incomplete_dossiers_remind(today=date(2026, 12, 4))
    assert result.people == len(found) - 1
    assert not Notification.objects.filter(account_id=inactive).exists()
    for account_id, one in found.items():
        if account_id == inactive:
            continue
        (told,) = Notification.objects.filter(account_id=account_id, title__startswith="Hồ sơ của anh/chị")
        assert told.body.startswith(f"Theo {one.completeness.form_label}, hồ sơ của anh/chị còn thiếu: "
                                    f"{'; '.join(one.completeness.missing_labels[:10])}")
    (sent,) = [m for m in mail.outbox if m.to == ["nv@laocai.example"] and m.subject.startswith("Hồ sơ của anh/chị")]
    assert sent.body == Notification.objects.get(account=lc.employee, title=sent.subject).body
