"""The dossier page offers the résumé's Word copy; the person downloads their own, a colleague
without a role over them finds nothing (404)."""

import pytest
from django_tenants.utils import tenant_context

from core.operations.demo.services import DEMO_PASSWORD
from tests.conftest import sign_in
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db


def test_the_word_copy_from_the_dossier_page(lao_cai) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        person = lc.person(lc.employee)
    own = sign_in(lao_cai, lc.employee.username, DEMO_PASSWORD)
    page = own.get("/ho-so-cua-toi/")
    assert f"/can-bo/{person.pk}/so-yeu-ly-lich/" in page.content.decode()
    response = own.get(f"/can-bo/{person.pk}/so-yeu-ly-lich/")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert own.get(f"/can-bo/{person.pk}/so-yeu-ly-lich/?ngay=31/12/2020").status_code == 302
    colleague = sign_in(lao_cai, lc.teacher.username, DEMO_PASSWORD)
    assert colleague.get(f"/can-bo/{person.pk}/so-yeu-ly-lich/").status_code == 404
