"""Résumé test set-up: a throwaway CA with signers, and demo dossiers filled in the way a
personnel office fills them (degrees, courses, both sides of the family, salary changes)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.approvals.dev_ca import (
    IssuedKey,
    agency_certificate_issue,
    ca_create,
    person_certificate_issue,
)
from core.approvals.signing import SoftwareSigner
from core.base.accounts.models import Account
from core.models import (
    Degree,
    Dossier,
    FamilyMember,
    LanguageSkill,
    Person,
    SalaryHistory,
    Training,
    WorkHistory,
)


@dataclass(frozen=True)
class Pki:
    ca: IssuedKey

    def signer_for(self, account: Account) -> SoftwareSigner:
        now = timezone.now()
        issued = person_certificate_issue(ca=self.ca, username=account.username, full_name=account.full_name,
                                          not_before=now - timedelta(days=1), not_after=now + timedelta(days=365))
        return SoftwareSigner(issued.key, issued.certificate)

    def seal_for(self, person: Person) -> SoftwareSigner:
        now = timezone.now()
        unit = person.org_unit
        issued = agency_certificate_issue(ca=self.ca, name=unit.name, code=f"co-quan-{unit.pk}",
                                          not_before=now - timedelta(days=1), not_after=now + timedelta(days=365))
        return SoftwareSigner(issued.key, issued.certificate)


@pytest.fixture(scope="session")
def pki() -> Pki:
    return Pki(ca=ca_create(name="CA thử nghiệm sơ yếu lý lịch", now=timezone.now()))


def dossier_fill(person: Person) -> None:
    """What an office records for a person: catalogue codes, courses, family, salary changes."""
    Dossier.objects.filter(person=person).update(
        political_theory_level_code="TC", salary_step=3, salary_coefficient=Decimal("3.00"),
        salary_effective_on=date(2023, 7, 1), permanent_address="Tổ 5, phường Cốc Lếu",
        social_insurance_number="0123456789", height_cm=165, weight_kg=58, blood_type="O",
        agency_assessment="Hoàn thành tốt nhiệm vụ được giao.", extra={"ghi_chu": "x"})
    dossier = Dossier.objects.get(person=person)
    code = dossier.rank_code or dossier.professional_title_code
    Degree.objects.create(person=person, level_code="DH", field="Kinh tế", institution="Trường Đại học Kinh tế quốc dân",
                          mode="Chính quy", year=2012)
    Training.objects.create(person=person, kind=Training.Kind.POLITICAL_THEORY, start=date(2019, 3, 1),
                            end=date(2019, 9, 30), institution="Trường Chính trị tỉnh",
                            subject="Trung cấp lý luận chính trị - hành chính", mode="Tại chức",
                            certificate="Bằng trung cấp")
    LanguageSkill.objects.create(person=person, language="Tiếng Anh", level="B1", certificate="VSTEP", score="5,5")
    WorkHistory.objects.create(person=person, start=date(2012, 9, 1), end=date(2014, 8, 31),
                               unit_name="Trung tâm Dịch vụ việc làm", position="Nhân viên hợp đồng")
    FamilyMember.objects.create(person=person, side=FamilyMember.Side.OWN, relation="Cha", full_name="Nguyễn Văn Bình",
                                birth_year=1960, home_town="Xã Bát Xát", occupation="Nghỉ hưu")
    FamilyMember.objects.create(person=person, side=FamilyMember.Side.SPOUSE, relation="Mẹ vợ",
                                full_name="Trần Thị Cúc", birth_year=1963, occupation="Làm ruộng")
    SalaryHistory.objects.create(person=person, effective_on=date(2017, 7, 1), rank_code=code, step=2,
                                 coefficient=Decimal("2.67"))
    SalaryHistory.objects.create(person=person, effective_on=date(2023, 7, 1), rank_code=code, step=3,
                                 coefficient=Decimal("3.00"))
