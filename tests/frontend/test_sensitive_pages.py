"""The dossier page and the résumé's Word copy show hidden sensitive fields as such."""

import io
import zipfile
from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.sensitive import HIDDEN
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.test_sensitive import with_sensitive_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee_id(lao_cai: Province, lc: Personas) -> int:
    with tenant_context(lao_cai):
        return with_sensitive_data(lc.person(lc.employee)).pk


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        return docx.read("word/document.xml").decode()


def test_the_approver_sees_hidden_fields_on_the_page_and_in_the_resume(
        browser_as: Callable[[Account], Client], lc: Personas, employee_id: int) -> None:
    browser = browser_as(lc.approver)
    page = browser.get(f"/can-bo/{employee_id}/").content.decode()
    assert HIDDEN in page and "Viêm gan B" not in page and "Lò Thị Mẩy" not in page
    assert "Tình trạng sức khỏe" in page  # the field is there
    resume = browser.get(f"/can-bo/{employee_id}/so-yeu-ly-lich/")
    assert resume.status_code == 200
    text = _docx_text(resume.content)
    assert HIDDEN in text and "Viêm gan B" not in text and "Lò Thị Mẩy" not in text


def test_the_officer_sees_the_values_on_the_page_and_in_the_resume(
        browser_as: Callable[[Account], Client], lc: Personas, employee_id: int) -> None:
    browser = browser_as(lc.officer)
    page = browser.get(f"/can-bo/{employee_id}/").content.decode()
    assert HIDDEN not in page and "Viêm gan B" in page and "Lò Thị Mẩy" in page
    text = _docx_text(browser.get(f"/can-bo/{employee_id}/so-yeu-ly-lich/").content)
    assert "Viêm gan B" in text and "Lò Thị Mẩy" in text


def test_the_person_sees_their_own_whole(browser_as: Callable[[Account], Client], lc: Personas,
                                          employee_id: int) -> None:
    page = browser_as(lc.employee).get("/ho-so-cua-toi/").content.decode()
    assert HIDDEN not in page and "Viêm gan B" in page
