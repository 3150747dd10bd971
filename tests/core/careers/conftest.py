"""What the careers tests share: a CA Lào Cai trusts, for the approver's monthly approval that
writes a decided raise or a confirmed evaluation into the dossier."""

import pytest
from django.utils import timezone

from core.approvals.dev_ca import ca_create
from core.approvals.services.trust import trusted_ca_add
from tests.core.approvals.conftest import Pki
from tests.core.conftest import Personas


@pytest.fixture
def pki(lc: Personas) -> Pki:
    """A throwaway CA that Lào Cai trusts (as tests/core/approvals)."""
    ca = ca_create(name="CA thử nghiệm sự nghiệp", now=timezone.now())
    trusted_ca_add(acting_user=lc.doha, name="CA thử nghiệm", certificate_pem=ca.certificate_pem)
    return Pki(ca=ca)
