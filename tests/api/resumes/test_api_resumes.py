"""GET /api/v1/people/<id>/resume/docx/: the résumé's DOCX for a reader in scope, now or as of a
date; a reader without a role over the person gets the same 404 as for a missing person."""

import io

import pytest
from django_tenants.utils import tenant_context
from docx import Document
from knox.models import AuthToken

from tests.conftest import client_for
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db


def test_the_docx_in_scope_and_404_out_of_it(lao_cai) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        person = lc.person(lc.employee)
        doha = AuthToken.objects.create(user=lc.doha)[1]
        teacher = AuthToken.objects.create(user=lc.teacher)[1]
    api = client_for(lao_cai)
    url = f"/api/v1/people/{person.pk}/resume/docx/"
    response = api.get(url, HTTP_AUTHORIZATION=f"Token {doha}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'so-yeu-ly-lich-{person.national_id}.docx"')
    text = " ".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert person.full_name.upper() in text
    assert api.get(f"{url}?as_of=khong-phai-ngay", HTTP_AUTHORIZATION=f"Token {doha}").status_code == 400
    assert api.get(f"{url}?as_of=1990-01-01", HTTP_AUTHORIZATION=f"Token {doha}").status_code == 404
    assert api.get(url, HTTP_AUTHORIZATION=f"Token {teacher}").status_code == 404
    assert api.get(f"/api/v1/people/{10**9}/resume/docx/", HTTP_AUTHORIZATION=f"Token {doha}").status_code == 404
