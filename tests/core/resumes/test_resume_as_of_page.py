"""The dossier page's as-of date field serves both copies: the Word copy and the signed PDF of
the dossier version in force that day; a bad or too early date is told beside the form,
never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.services.trust import trusted_ca_add
from core.models import Dossier, DossierVersion
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.test_dossier_pdf import resume_signed_through_pages
from tests.core.conftest import Personas
from tests.core.resumes.conftest import Pki
from tests.core.resumes.test_resume_docx_and_versions import _version_made
from tests.core.resumes.test_resume_pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_signed_pdf_of_an_earlier_date_from_the_dossier_page(
    lc: Personas, in_lao_cai: Province, pki: Pki, monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = lc.person(lc.employee)
    today = timezone.localdate()
    DossierVersion.objects.filter(person=person).update(created_at=timezone.now() - timedelta(days=400))
    Dossier.objects.filter(person=person).update(current_position="Chuyên viên")
    _version_made(person, on=today - timedelta(days=60))
    Dossier.objects.filter(person=person).update(current_position="Phó Trưởng phòng")
    _version_made(person, on=today - timedelta(days=5))
    signer, seal = pki.signer_for(lc.doha), pki.seal_for(person)
    monkeypatch.setattr("core.approvals.signers.person_signer", lambda account, purpose: signer)
    monkeypatch.setattr("core.approvals.services.resume_signing.seal_signer", lambda unit: seal)
    with tenant_context(in_lao_cai):
        trusted_ca_add(acting_user=lc.doha, name="CA thử nghiệm sơ yếu lý lịch", certificate_pem=pki.ca.certificate_pem)
    browser = sign_in(in_lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)

    page = browser.get(f"/can-bo/{person.pk}/").content.decode()
    assert f'formaction="/phe-duyet/ho-so/{person.pk}/pdf/">Tải bản PDF có ký số</button>' in page
    assert '<input type="date" name="ngay">' in page
    earlier = today - timedelta(days=30)
    answer = resume_signed_through_pages(browser, person.pk, earlier.isoformat())
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].endswith(f'-{earlier:%Y%m%d}.pdf"')
    text = pdf_text(answer.content)
    assert "Chuyên viên" in text and "Phó Trưởng phòng" not in text

    bad = browser.get(f"/phe-duyet/ho-so/{person.pk}/pdf/", {"ngay": "31/02/2026"}, follow=True)
    assert bad.status_code == 200
    assert "Ngày của sơ yếu lý lịch không hợp lệ (yyyy-mm-dd)." in bad.content.decode()
    too_early = today - timedelta(days=4000)
    none_yet = browser.get(f"/phe-duyet/ho-so/{person.pk}/pdf/", {"ngay": too_early.isoformat()}, follow=True)
    assert f"Hồ sơ chưa có phiên bản nào đến ngày {too_early:%d/%m/%Y}." in none_yet.content.decode()
    with tenant_context(in_lao_cai):
        assert DossierVersion.objects.filter(person=person).count() == 3  # reading and signing made no version
