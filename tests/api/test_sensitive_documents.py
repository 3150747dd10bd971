"""Scanned papers are a sensitive group: a role the rule does not name for them is refused the
download (403, in Vietnamese), through the API and the page alike; a file at rest is sealed."""

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context

from core.base.sealed import is_sealed_file
from core.models import Attachment
from core.selectors.access import SENSITIVE_DOCUMENT
from core.services.attachments import attachment_add
from core.services.change_sets import change_set_create, change_set_row_add
from tenants.models import Province
from tests.api.conftest import PDF, Caller
from tests.conftest import client_for
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def scan(lao_cai: Province, lc: Personas) -> Attachment:
    with tenant_context(lao_cai):
        change_set = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee))
        item = change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=1, group="reward",
                                  values={"year": 2025, "form": "Bằng khen"})
        change_set.refresh_from_db()
        return attachment_add(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                              item_id=item.pk, file=ContentFile(PDF + b"CCCD 012345678901", name="cccd.pdf"))


def test_the_file_is_sealed_at_rest_and_served_plain(as_: Callable[[str], Caller], lao_cai: Province,
                                                     scan: Attachment) -> None:
    with tenant_context(lao_cai):
        stored = default_storage.raw_read(scan.file.name)  # type: ignore[attr-defined]
    assert is_sealed_file(stored) and b"CCCD" not in stored
    response = as_("officer").get(f"/api/v1/attachments/{scan.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF + b"CCCD 012345678901"


def test_the_approver_is_refused_the_download(as_: Callable[[str], Caller], scan: Attachment) -> None:
    response = as_("approver").get(f"/api/v1/attachments/{scan.pk}/")
    assert response.status_code == 403
    assert response.json() == {"message": SENSITIVE_DOCUMENT, "code": "sensitive_document", "extra": {}}


def test_the_page_refuses_the_approver_and_serves_the_person(lao_cai: Province, lc: Personas,
                                                             scan: Attachment) -> None:
    approver, own = client_for(lao_cai), client_for(lao_cai)
    with tenant_context(lao_cai):
        approver.force_login(lc.approver)
        own.force_login(lc.employee)
    assert approver.get(f"/tai-lieu/{scan.pk}/").status_code == 403
    response = own.get(f"/tai-lieu/{scan.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).endswith(b"CCCD 012345678901")
