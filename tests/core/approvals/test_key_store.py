"""Development keys: `signing_keys_create` makes the province's test CA and a person's key."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from core.approvals.key_store import signer_for_account
from core.approvals.models import TrustedCA
from core.approvals.services.approvals import unit_approval_sign
from tests.core.approvals.conftest import UNIT_DAY, reviewed_change_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def test_a_created_key_signs_an_approval(lc: Personas, tmp_path: Path) -> None:
    """The command trusts its CA once, however many keys it makes; the approver then signs."""
    with override_settings(HOSO_SIGNING_DIR=str(tmp_path)):
        assert signer_for_account(lc.approver) is None
        trusted = TrustedCA.objects.count()  # the demo set-up's CA, kept elsewhere
        for username in (lc.approver.username, lc.doha.username):
            call_command("signing_keys_create", "--province", "lao-cai", "--username", username,
                         stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert TrustedCA.objects.count() == trusted + 1
        signer = signer_for_account(lc.approver)
        assert signer is not None
        change_set = reviewed_change_set(lc)
        [approval] = unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk], signer=signer,
                                        on=UNIT_DAY)
        assert approval.is_signed and approval.certificate_subject.startswith(f"UID={lc.approver.username}")
