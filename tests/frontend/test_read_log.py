"""Every read of personal data is logged (the finding: a change set's detail, its page and the
review queue showed health, Party and family values with no DossierReadLog row), and a person
sees who read their dossier."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import ChangeSet, DossierReadLog, Person
from tenants.models import Province
from tests.api.conftest import Caller, token_of
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def _submitted(lao_cai: Province, lc: Personas) -> ChangeSet:
    """The Sở Tài chính employee's change set, submitted for review through the API."""
    employee = Caller(lao_cai, token_of(lao_cai, lc.employee.username))
    with tenant_context(lao_cai):
        person = Person.objects.get(account=lc.employee)
    created = employee.post("/api/v1/change-sets/", {"person": person.pk, "changed_on": "2026-01-05"}).json()
    saved = employee.post(f"/api/v1/change-sets/{created['id']}/values/", {
        "expected_version": created["version"], "group": "dossier", "values": {"phone": "0912345678"}}).json()
    employee.post(f"/api/v1/change-sets/{created['id']}/submit/", {"expected_version": saved["version"]})
    with tenant_context(lao_cai):
        return ChangeSet.objects.select_related("person").get(pk=created["id"])


def _reads(province: Province, reader: Account, person: Person) -> list[str]:
    with tenant_context(province):
        return list(DossierReadLog.objects.filter(reader=reader, person=person).values_list("purpose", flat=True))


def test_reading_a_change_set_or_the_queue_is_logged(lao_cai: Province, lc: Personas,
                                                      browser_as: Callable[[Account], Client]) -> None:
    change_set = _submitted(lao_cai, lc)
    person = change_set.person
    assert _reads(lao_cai, lc.employee, person) == [], "one's own reads are not logged"
    officer = Caller(lao_cai, token_of(lao_cai, lc.officer.username))
    assert officer.get(f"/api/v1/change-sets/{change_set.pk}/").status_code == 200
    assert _reads(lao_cai, lc.officer, person) == ["api.change_set"]
    queue = officer.get("/api/v1/change-sets/queue/").json()
    assert change_set.pk in [row["id"] for row in queue["results"]]
    assert sorted(_reads(lao_cai, lc.officer, person)) == ["api.change_set", "api.review_queue"]
    page = browser_as(lc.officer)
    assert page.get(f"/de-nghi/{change_set.pk}/").status_code == 200
    assert page.get("/duyet-ho-so/").status_code == 200
    purposes = _reads(lao_cai, lc.officer, person)
    assert len(purposes) == 4 and "Danh sách chờ kiểm tra (trang)" in purposes and "change_set" in purposes
    with tenant_context(lao_cai):
        assert DossierReadLog.objects.filter(reader=lc.officer, person=person, role_grant__isnull=False).count() == 4


def test_a_person_sees_who_read_their_dossier(lao_cai: Province, lc: Personas,
                                              browser_as: Callable[[Account], Client]) -> None:
    with tenant_context(lao_cai):
        person = Person.objects.get(account=lc.employee)
    assert browser_as(lc.doha).get(f"/can-bo/{person.pk}/").status_code == 200
    page = browser_as(lc.employee).get("/ho-so-cua-toi/ai-da-xem/")
    assert page.status_code == 200
    html = page.content.decode()
    assert str(lc.doha) in html and "Xem hồ sơ trên trang" in html
    assert "Chưa có ai khác" in browser_as(lc.teacher).get("/ho-so-cua-toi/ai-da-xem/").content.decode()


def test_career_lists_and_their_exports_are_reads(lao_cai: Province, lc: Personas,
                                                  browser_as: Callable[[Account], Client]) -> None:
    """A list of names, ID numbers and retirement dates is personal data: each person listed,
    on the API or in the XLSX, is a logged read."""
    doha = Caller(lao_cai, token_of(lao_cai, lc.doha.username))
    listed = doha.get("/api/v1/careers/retirements/", {"from": "2026-01-01", "to": "2070-12-31"}).json()
    assert listed["count"] > 0
    with tenant_context(lao_cai):
        logged = DossierReadLog.objects.filter(reader=lc.doha, purpose="api.careers.retirements")
        assert logged.count() == len(listed["results"])  # the page's people, not the list's
    next_year = doha.get("/api/v1/careers/retirements/").json()["count"]
    xlsx = browser_as(lc.doha).get("/su-nghiep/nghi-huu/", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment;")
    with tenant_context(lao_cai):
        assert DossierReadLog.objects.filter(reader=lc.doha, purpose="Danh sách nghi-huu (xlsx)").count() == next_year
