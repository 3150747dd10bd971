from django.contrib.auth import authenticate
from django.http import HttpRequest

from core.base.accounts.models import Account
from core.base.accounts.signals import client_address
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.sso.backend import FAILED
from core.sso.config import ProvinceSso

CANCELLED = "Đăng nhập bằng tài khoản dùng chung của tỉnh đã bị huỷ hoặc bị từ chối."
EXPIRED = ("Phiên đăng nhập bằng tài khoản dùng chung đã hết hạn hoặc không phải của trang này; "
           "vui lòng đăng nhập lại.")
STATES_KEY = "oidc_states"


def sso_sign_in(*, request: HttpRequest, config: ProvinceSso) -> Account:
    """The account the provider's answer on this callback signs in: the state must be one this
    browser's session started on this province's host (used once), then the backend checks the
    code, the signed ID token and the account. A refusal is audited and raised."""
    states = request.session.get(STATES_KEY) or {}
    started = states.pop(request.GET.get("state", ""), None) if isinstance(states, dict) else None
    request.session.modified = True
    try:
        if request.GET.get("error"):
            raise ApplicationError(CANCELLED, code="sso_cancelled")
        if not isinstance(started, dict) or not request.GET.get("code"):
            raise ApplicationError(EXPIRED, code="sso_expired")
        account = authenticate(request, sso=config, nonce=started.get("nonce"),
                               code_verifier=started.get("code_verifier"))
        if not isinstance(account, Account):
            raise ApplicationError(FAILED, code="sso_failed")
    except ApplicationError as error:
        audit_record(acting_user=None, action="auth.sso_refused", target=f"province:{config.province_code}",
                     detail={"code": error.code, "address": client_address(request)})
        raise
    return account
