"""Province single sign-on against a real OpenID provider (tests/frontend/sso/conftest.py):
the full authorization-code flow with PKCE, RS256-signed ID tokens checked against the
provider's published keys, the account matched by ID number, refusals in Vietnamese, and no
crossing between provinces."""

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.sso.backend import DISABLED, FAILED, UNKNOWN, ProvinceSsoBackend
from core.sso.config import UNREACHABLE, sso_config_current
from core.sso.services import CANCELLED, EXPIRED
from tests.conftest import client_for
from tests.frontend.sso.conftest import CLIENTS, callback_path, message_of, province, start

pytestmark = pytest.mark.django_db

BUTTON = "Đăng nhập bằng tài khoản dùng chung của tỉnh"
LC_EMPLOYEE = "010090001235"
BT_EMPLOYEE = "060091001235"


def _signed_in_as(browser, code: str) -> str | None:  # type: ignore[no-untyped-def]
    """The username the browser's session on that province's host is signed in as."""
    with tenant_context(province(code)):
        user_id = browser.session.get("_auth_user_id")
        return Account.objects.get(pk=user_id).username if user_id else None


def _refusals(code: str) -> list[str]:
    with tenant_context(province(code)):
        return [event.detail["code"] for event in AuditEvent.objects.filter(action="auth.sso_refused").order_by("id")]


def test_the_sign_in_page_offers_the_shared_account_only_where_configured_and_the_rules_ask(sso_settings) -> None:  # type: ignore[no-untyped-def]
    """Lào Cai (rules: Art. 9.4, configured) shows the button; Lai Châu (configured, but its
    rules do not ask for it) and Sơn La (not configured) show none and answer 404 at the start."""
    sso_settings("lao-cai", "lai-chau")
    assert BUTTON in client_for(province("lao-cai")).get("/dang-nhap/").content.decode()
    for code in ("lai-chau", "son-la"):
        browser = client_for(province(code))
        assert BUTTON not in browser.get("/dang-nhap/").content.decode()
        assert browser.get("/dang-nhap/tinh/").status_code == 404
        assert browser.get("/dang-nhap/tinh/xong/?code=x&state=y").status_code == 404


def test_a_person_signs_in_through_the_shared_account_matched_by_id_number(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    """The whole authorization-code flow: hoso sends the browser to the provider with its own
    client, a state, a nonce and a PKCE challenge; the person signs in there; the provider's
    code comes back; hoso exchanges it, checks the signed ID token and signs in the account
    whose ID number the provider names (Lào Cai reads the custom claim `so_dinh_danh`)."""
    sso_settings("lao-cai")
    browser = client_for(province("lao-cai"))
    authorize = start(browser, next_path="/ho-so-cua-toi/")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{oidc_provider.issuer}/authorize?")
    assert query["client_id"] == ["hoso-laocai"]
    assert query["redirect_uri"] == [CLIENTS["lao-cai"][2]]
    assert query["scope"] == ["openid cccd"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"]

    answer = browser.get(callback_path(oidc_provider.sign_in(authorize, LC_EMPLOYEE)))

    assert answer.status_code == 302 and answer["Location"] == "/ho-so-cua-toi/"
    assert _signed_in_as(browser, "lao-cai") == LC_EMPLOYEE
    assert browser.get("/ho-so-cua-toi/").status_code == 200
    with tenant_context(province("lao-cai")):
        assert AuditEvent.objects.filter(action="auth.sign_in", actor__username=LC_EMPLOYEE).exists()


def test_the_standard_claim_serves_a_province_that_names_no_other(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    """Bình Thuận reads the ID number from `preferred_username` (the default claim)."""
    sso_settings("binh-thuan")
    browser = client_for(province("binh-thuan"))
    answer = browser.get(callback_path(oidc_provider.sign_in(start(browser), BT_EMPLOYEE)))
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert _signed_in_as(browser, "binh-thuan") == BT_EMPLOYEE


def test_an_id_number_without_an_account_here_is_refused_in_vietnamese(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    sso_settings("lao-cai")
    browser = client_for(province("lao-cai"))
    answer = browser.get(callback_path(oidc_provider.sign_in(start(browser), "010099009999")))
    assert answer.status_code == 403
    assert message_of(answer) == UNKNOWN.format(id_number="010099009999")
    assert message_of(answer) == ("Số định danh cá nhân 010099009999 chưa có tài khoản trên hệ thống của "
                                  "tỉnh. Đề nghị quản trị của cơ quan, đơn vị cấp tài khoản rồi đăng nhập lại.")
    assert _signed_in_as(browser, "lao-cai") is None
    assert _refusals("lao-cai") == ["sso_unknown_account"]


def test_a_disabled_account_is_refused_though_the_provider_vouches_for_the_person(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    sso_settings("lao-cai")
    with tenant_context(province("lao-cai")):
        Account.objects.filter(username=LC_EMPLOYEE).update(is_active=False)
    browser = client_for(province("lao-cai"))
    answer = browser.get(callback_path(oidc_provider.sign_in(start(browser), LC_EMPLOYEE)))
    assert answer.status_code == 403
    assert message_of(answer) == ("Tài khoản ứng với số định danh cá nhân 010090001235 đã bị khoá; không "
                                  "đăng nhập được bằng tài khoản dùng chung của tỉnh.")
    assert message_of(answer) == DISABLED.format(id_number=LC_EMPLOYEE)
    assert _signed_in_as(browser, "lao-cai") is None
    assert _refusals("lao-cai") == ["sso_account_disabled"]


def test_a_callback_is_used_once(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    sso_settings("lao-cai")
    browser = client_for(province("lao-cai"))
    returned = callback_path(oidc_provider.sign_in(start(browser), LC_EMPLOYEE))
    assert browser.get(returned).status_code == 302
    browser.logout()
    answer = browser.get(returned)
    assert answer.status_code == 403 and message_of(answer) == EXPIRED
    assert _signed_in_as(browser, "lao-cai") is None


def test_a_refusal_at_the_provider_is_said_plainly(sso_settings) -> None:  # type: ignore[no-untyped-def]
    sso_settings("lao-cai")
    browser = client_for(province("lao-cai"))
    state = parse_qs(urlsplit(start(browser)).query)["state"][0]
    answer = browser.get(f"/dang-nhap/tinh/xong/?error=access_denied&state={state}")
    assert answer.status_code == 403 and message_of(answer) == CANCELLED
    assert _refusals("lao-cai") == ["sso_cancelled"]


def test_a_provider_that_does_not_answer_leaves_the_password_sign_in(sso_settings, settings) -> None:  # type: ignore[no-untyped-def]
    sso_settings("lao-cai")
    settings.HOSO_OIDC_PROVINCES = {"lao-cai": {**settings.HOSO_OIDC_PROVINCES["lao-cai"],
                                                "issuer": "http://127.0.0.1:9/openid"}}
    answer = client_for(province("lao-cai")).get("/dang-nhap/tinh/")
    assert answer.status_code == 403 and message_of(answer) == UNREACHABLE
    assert 'name="password"' in answer.content.decode()


def test_a_provider_on_a_private_address_is_not_called_unless_an_operator_allows_it(sso_settings, settings) -> None:  # type: ignore[no-untyped-def]
    """The provider is reached through hoso's one outbound client: http://127.0.0.1 is refused
    once the operator's allowance is gone."""
    sso_settings("lao-cai")
    settings.HOSO_OUTBOUND_ALLOWED_HOSTS = []
    answer = client_for(province("lao-cai")).get("/dang-nhap/tinh/")
    assert answer.status_code == 403 and message_of(answer) == UNREACHABLE


def test_an_sso_session_is_not_sent_to_change_an_issued_password(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    """The shared account's password is the provider's: an issued hoso password does not stop a
    person who signed in through it (a password sign-in still must change it)."""
    sso_settings("lao-cai")
    with tenant_context(province("lao-cai")):
        Account.objects.filter(username=LC_EMPLOYEE).update(must_change_password=True)
    browser = client_for(province("lao-cai"))
    browser.get(callback_path(oidc_provider.sign_in(start(browser), LC_EMPLOYEE)))
    assert browser.get("/ho-so-cua-toi/").status_code == 200
    with tenant_context(province("lao-cai")):
        by_password = client_for(province("lao-cai"))
        by_password.force_login(Account.objects.get(username=LC_EMPLOYEE))
    assert by_password.get("/ho-so-cua-toi/")["Location"] == "/doi-mat-khau/"


# Isolation: one province's single sign-on never signs anyone in on another.


def test_a_callback_from_one_province_signs_no_one_in_on_another(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    """Lào Cai's code and state brought to Bình Thuận's host: the state is not in Bình Thuận's
    session. With a state Bình Thuận did start, Lào Cai's code is still refused: the provider
    issued it to Lào Cai's client, not to Bình Thuận's."""
    sso_settings("lao-cai", "binh-thuan")
    lao_cai_browser = client_for(province("lao-cai"))
    returned = urlsplit(oidc_provider.sign_in(start(lao_cai_browser), BT_EMPLOYEE))
    lc_code = parse_qs(returned.query)["code"][0]

    bt_browser = client_for(province("binh-thuan"))
    answer = bt_browser.get(f"/dang-nhap/tinh/xong/?{returned.query}")
    assert answer.status_code == 403 and message_of(answer) == EXPIRED

    bt_state = parse_qs(urlsplit(start(bt_browser)).query)["state"][0]
    answer = bt_browser.get(f"/dang-nhap/tinh/xong/?code={lc_code}&state={bt_state}")
    assert answer.status_code == 403 and message_of(answer) == FAILED
    assert _signed_in_as(bt_browser, "binh-thuan") is None
    assert _refusals("binh-thuan") == ["sso_expired", "sso_failed"]


def test_a_session_opened_through_one_provinces_sso_is_not_signed_in_on_another(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    sso_settings("lao-cai", "binh-thuan")
    browser = client_for(province("lao-cai"))
    browser.get(callback_path(oidc_provider.sign_in(start(browser), LC_EMPLOYEE)))
    assert _signed_in_as(browser, "lao-cai") == LC_EMPLOYEE
    browser.defaults["HTTP_HOST"] = "binhthuan.localhost"
    answer = browser.get("/ho-so-cua-toi/")
    assert answer.status_code == 302 and answer["Location"].startswith("/dang-nhap/")


def test_an_id_token_issued_to_one_provinces_client_fails_anothers_check(sso_settings, oidc_provider) -> None:  # type: ignore[no-untyped-def]
    """A genuine, provider-signed ID token for Lào Cai's client passes Lào Cai's check and fails
    Bình Thuận's (audience), and a token whose signature was altered fails both."""
    sso_settings("lao-cai", "binh-thuan")
    browser = client_for(province("lao-cai"))
    returned = parse_qs(urlsplit(oidc_provider.sign_in(start(browser), LC_EMPLOYEE)).query)
    with tenant_context(province("lao-cai")):
        verifier = browser.session["oidc_states"][returned["state"][0]]["code_verifier"]
    client_id, secret, redirect_uri = CLIENTS["lao-cai"]
    tokens = requests.post(f"{oidc_provider.issuer}/token", timeout=10, data={
        "grant_type": "authorization_code", "code": returned["code"][0], "redirect_uri": redirect_uri,
        "client_id": client_id, "client_secret": secret, "code_verifier": verifier}).json()
    id_token = tokens["id_token"]

    def checked_by(code: str, token: str) -> dict[str, object]:
        with tenant_context(province(code)):
            backend = ProvinceSsoBackend()
            backend.config = sso_config_current()  # type: ignore[assignment]
            backend.OIDC_RP_SIGN_ALGO = "RS256"
            backend.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider.issuer}/jwks"
            return backend.get_payload_data(token, backend.retrieve_matching_jwk(token))

    assert checked_by("lao-cai", id_token)["aud"] == "hoso-laocai"
    with pytest.raises(jwt.InvalidAudienceError):
        checked_by("binh-thuan", id_token)
    header, payload, signature = id_token.split(".")
    altered = f"{header}.{payload}.{signature[:-6]}{'A' * 6 if not signature.endswith('A' * 6) else 'B' * 6}"
    with pytest.raises(jwt.InvalidSignatureError):
        checked_by("lao-cai", altered)
