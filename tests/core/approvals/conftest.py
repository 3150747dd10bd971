"""Approval test set-up: a throwaway CA trusted by Lào Cai, signers for its personas, and
reviewed change sets waiting for the approver of Sở Tài chính."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.approvals.dev_ca import IssuedKey, ca_create, person_certificate_issue
from core.approvals.services.trust import trusted_ca_add
from core.approvals.signing import SoftwareSigner
from core.base.accounts.models import Account
from core.models import ChangeSet, Person
from core.services.attachments import attachment_add
from core.services.change_sets import (
    change_set_create,
    change_set_review,
    change_set_row_add,
    change_set_submit,
    change_set_values_set,
)
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

# Lào Cai: units approve from the 21st to the 25th, the DoHA in the month's last five days.
UNIT_DAY = date(2026, 12, 22)
PROVINCE_DAY = date(2026, 12, 28)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
TRAINING = {"kind": "state_management", "start": "2025-03-03", "end": "2025-05-30",
            "institution": "Học viện Hành chính quốc gia", "subject": "Bồi dưỡng ngạch chuyên viên chính"}


@dataclass
class Pki:
    ca: IssuedKey

    def signer_for(self, account: Account, *, not_before: datetime | None = None,
                   not_after: datetime | None = None, ca: IssuedKey | None = None) -> SoftwareSigner:
        now = timezone.now()
        issued = person_certificate_issue(ca=ca or self.ca, username=account.username, full_name=account.full_name,
                                          not_before=not_before or now - timedelta(days=1),
                                          not_after=not_after or now + timedelta(days=365))
        return SoftwareSigner(issued.key, issued.certificate)


@pytest.fixture(scope="session")
def _throwaway_ca() -> IssuedKey:
    return ca_create(name="CA thử nghiệm hoso", now=timezone.now())


@pytest.fixture
def pki(lc: Personas, _throwaway_ca: IssuedKey) -> Pki:
    """The throwaway CA, trusted by Lào Cai."""
    trusted_ca_add(acting_user=lc.doha, name="CA thử nghiệm", certificate_pem=_throwaway_ca.certificate_pem)
    return Pki(ca=_throwaway_ca)


def reviewed_change_set(lc: Personas, person: Person | None = None, phone: str = "0912345678") -> ChangeSet:
    """A change of phone number and a training for a person of Sở Tài chính, submitted with its
    proof and reviewed by the unit officer."""
    if person is None:
        person = lc.person(lc.employee)
    author = person.account or lc.doha
    change_set = change_set_create(acting_user=author, person=person, changed_on=date(2026, 11, 20))
    change_set_values_set(acting_user=author, change_set=change_set, expected_version=change_set.version,
                          group="dossier", values={"phone": phone})
    item = change_set_row_add(acting_user=author, change_set=change_set, expected_version=change_set.version,
                              group="training", values=TRAINING)
    attachment_add(acting_user=author, change_set=change_set, expected_version=change_set.version, item_id=item.pk,
                   file=ContentFile(PDF, name="quyet-dinh.pdf"), description="Quyết định cử đi học")
    change_set_submit(acting_user=author, change_set=change_set, expected_version=change_set.version)
    change_set_review(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version)
    return change_set


def colleague_in_finance(lc: Personas) -> Person:
    """Another person of Sở Tài chính (no account: the DoHA records their changes)."""
    return PersonFactory(org_unit=lc.person(lc.employee).org_unit)
