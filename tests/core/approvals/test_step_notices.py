"""Every step of a change tells the people concerned, in the page header and by e-mail:
submitted, reviewed, returned with its reason, approved by the unit and by the province,
synced. A refused step tells no one."""

from collections.abc import Callable
from datetime import date

import pytest
from django.core import mail

from core.approvals.services.approvals import province_approval_sign, unit_approval_sign
from core.approvals.services.sync import sync_endpoint_set, sync_packets_deliver
from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.base.http import Answer
from core.services.change_sets import (
    change_set_create,
    change_set_return,
    change_set_submit,
    change_set_values_set,
)
from core.transfers.models import Notification
from tenants.models import Province
from tests.conftest import client_for
from tests.core.approvals.conftest import PROVINCE_DAY, UNIT_DAY, Pki, reviewed_change_set
from tests.core.conftest import Personas


def titles(account: Account) -> list[str]:
    return list(Notification.objects.filter(account=account).order_by("id").values_list("title", flat=True))


def test_submit_tells_the_unit_officer_by_notification_and_mail(
    lc: Personas, django_capture_on_commit_callbacks: Callable
) -> None:
    employee = lc.person(lc.employee)
    lc.officer.email = "can.bo.stc@laocai.gov.vn"
    lc.officer.save(update_fields=["email"])
    change_set = change_set_create(acting_user=lc.employee, person=employee, changed_on=date(2026, 11, 20))
    change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                          group="dossier", values={"phone": "0912345678"})
    with django_capture_on_commit_callbacks(execute=True):
        change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    wanted = f"Đề nghị cập nhật số {change_set.pk} của {employee.full_name} chờ kiểm tra"
    assert titles(lc.officer) == [wanted]
    assert titles(lc.employee) == []  # the one who acted is not told
    assert [(m.subject, m.to) for m in mail.outbox] == [(wanted, ["can.bo.stc@laocai.gov.vn"])]


def test_a_refused_submit_tells_no_one(lc: Personas) -> None:
    change_set = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee), changed_on=date(2026, 11, 20))
    with pytest.raises(ApplicationError):
        change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    assert titles(lc.officer) == []


def test_review_tells_the_person_and_the_approver(lc: Personas) -> None:
    change_set = reviewed_change_set(lc)
    name = lc.person(lc.employee).full_name
    assert f"Đề nghị cập nhật số {change_set.pk} đã được kiểm tra" in titles(lc.employee)
    assert titles(lc.approver) == [f"Đề nghị cập nhật số {change_set.pk} của {name} chờ phê duyệt"]


def test_return_tells_the_author_why(lc: Personas) -> None:
    change_set = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee), changed_on=date(2026, 11, 20))
    change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                          group="dossier", values={"phone": "0912345678"})
    change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    change_set.refresh_from_db()
    change_set_return(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version,
                      reason="Số điện thoại chưa đúng")
    notice = Notification.objects.get(account=lc.employee)
    assert notice.title == f"Đề nghị cập nhật số {change_set.pk} bị trả lại"
    assert notice.body == "Lý do trả lại: Số điện thoại chưa đúng"
    assert notice.link == f"/de-nghi/{change_set.pk}/"


def test_unit_and_province_approval_and_sync_tell_the_person(lc: Personas, pki: Pki) -> None:
    change_set = reviewed_change_set(lc)
    unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk], signer=pki.signer_for(lc.approver),
                       on=UNIT_DAY)
    assert f"Đề nghị cập nhật số {change_set.pk} đã được phê duyệt" in titles(lc.employee)
    province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=PROVINCE_DAY)
    assert f"Đề nghị cập nhật số {change_set.pk} đã được Sở Nội vụ phê duyệt" in titles(lc.employee)
    sync_endpoint_set(acting_user=lc.doha, url="http://127.0.0.1:9/api/ho-so", timeout_seconds=1)
    sync_packets_deliver(transport=lambda url, body, headers, timeout: Answer(status=201, body="{}"))
    assert titles(lc.employee)[-1] == "Hồ sơ của bạn đã được đồng bộ về CSDL quốc gia"


def test_the_page_header_counts_unread_notices(lc: Personas, in_lao_cai: Province) -> None:
    change_set = reviewed_change_set(lc)
    browser = client_for(in_lao_cai)
    browser.force_login(lc.approver)
    page = browser.get("/thong-bao/").content.decode()
    assert f"Đề nghị cập nhật số {change_set.pk} của" in page
    assert '<span class="badge">1</span>' in page
