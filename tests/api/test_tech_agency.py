"""The technical agency's API (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and 17.4, Sơn La Art. 14.5
and 3.2): the same services as its pages; the same "not found" as a missing page for anyone else."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.tech_agency.models import TechCheck
from tenants.models import Province
from tests.api.conftest import Caller

pytestmark = pytest.mark.django_db

PATHS = ("/api/v1/tech-agency/", "/api/v1/tech-agency/checks/", "/api/v1/tech-agency/maintenance/")


@pytest.mark.parametrize(("persona", "expected"), [("tech", 200), ("doha", 200), ("employee", 404),
                                                   ("officer", 404), ("agency_admin", 404)])
def test_who_reads_the_tech_agency_endpoints(persona: str, expected: int, as_: Callable[[str], Caller]) -> None:
    caller = as_(persona)
    for path in PATHS:
        answer = caller.get(path)
        assert answer.status_code == expected, path
        if expected == 404:
            assert answer.json() == {"message": "Không tìm thấy.", "code": "not_found", "extra": {}}


def test_a_check_is_recorded_and_listed_through_the_api(lao_cai: Province, as_: Callable[[str], Caller]) -> None:
    """Lào Cai Art. 16.7, 17.4: POST records the check, GET lists it first."""
    tech = as_("tech")
    made = tech.post("/api/v1/tech-agency/checks/", {"checked_on": timezone.localdate().isoformat(),
                                                     "subjects": ["media", "backups"], "result": "ok",
                                                     "notes": "Thiết bị lưu trữ chuyên dụng hoạt động tốt."})
    assert made.status_code == 201, made.content
    assert made.json()["subjects"] == ["backups", "media"]
    listed = tech.get("/api/v1/tech-agency/checks/").json()["results"]
    assert listed[0]["id"] == made.json()["id"] and listed[0]["recorded_by"] == "cqkt.kythuat"
    refused = tech.post("/api/v1/tech-agency/checks/", {"checked_on": timezone.localdate().isoformat(),
                                                        "subjects": [], "result": "issues"})
    assert refused.status_code == 400
    assert refused.json()["extra"]["fields"] == {"subjects": "Chọn ít nhất một nội dung đã kiểm tra.",
                                                 "notes": "Kết quả có tồn tại: ghi rõ tồn tại và việc cần khắc phục."}
    with tenant_context(lao_cai):
        assert TechCheck.objects.count() == 1


def test_maintenance_is_announced_read_and_withdrawn(lao_cai: Province, as_: Callable[[str], Caller]) -> None:
    """Sơn La Art. 3.2 as the platform applies it everywhere: announced with the lead time, read
    back, withdrawn; a start sooner than the lead time is refused, nothing recorded."""
    tech = as_("tech")
    start = timezone.now() + timedelta(days=3)
    too_soon = tech.post("/api/v1/tech-agency/maintenance/", {
        "starts_at": (timezone.now() + timedelta(hours=1)).isoformat(),
        "ends_at": (timezone.now() + timedelta(hours=2)).isoformat(), "message": "Nâng cấp."})
    assert too_soon.status_code == 400 and list(too_soon.json()["extra"]["fields"]) == ["starts_at"]
    assert Province.objects.get(pk=lao_cai.pk).maintenance_announced_at is None
    made = tech.post("/api/v1/tech-agency/maintenance/", {
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat(),
        "message": "Nâng cấp máy chủ."})
    assert made.status_code == 201, made.content
    read = tech.get("/api/v1/tech-agency/maintenance/").json()
    assert (read["message"], read["notice_hours"]) == ("Nâng cấp máy chủ.", 24)
    assert read["ends_at"] is not None
    assert tech.delete("/api/v1/tech-agency/maintenance/").status_code == 204
    assert tech.get("/api/v1/tech-agency/maintenance/").json()["ends_at"] is None
