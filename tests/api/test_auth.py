"""Signing in to the API: a sign-in of this province for its token; tokens never cross provinces."""

from collections.abc import Callable

import pytest
from django_tenants.utils import tenant_context
from knox.crypto import hash_token
from knox.models import AuthToken

from core.base.accounts.models import Account
from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.api.conftest import Caller, token_of
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

REFUSED = {"message": "Tên đăng nhập hoặc mật khẩu không đúng.", "code": "sign_in_refused", "extra": {}}


def _sign_in(province: Province, username: str, password: str) -> object:
    return client_for(province).post("/api/v1/auth/token/", {"username": username, "password": password},
                                     content_type="application/json")


@pytest.mark.parametrize("who", ["id_number", "username"])
def test_a_right_sign_in_gets_a_new_hashed_token(lao_cai: Province, who: str) -> None:
    """An employee signs in with the ID number, an agency account with its name; the token
    answered is stored only as its hash, in the province's schema, expires, and opens the API.
    Signing in again gives another token; both work until revoked or expired."""
    username = demo_persona_id(lao_cai, Role.EMPLOYEE) if who == "id_number" else DOHA_ADMIN_USERNAME
    response = _sign_in(lao_cai, f"  {username} ", DEMO_PASSWORD)
    assert response.status_code == 200, response.content
    body = response.json()
    key = body["token"]
    assert len(key) == 64 and body["expiry"] and body["must_change_password"] is False
    with tenant_context(lao_cai):
        stored = AuthToken.objects.get(token_key=key[:15])
        assert stored.user.username == username
        assert stored.digest == hash_token(key) and key not in stored.digest
        assert stored.expiry is not None
    assert Caller(lao_cai, key).get("/api/v1/people/").status_code == 200
    again = _sign_in(lao_cai, username, DEMO_PASSWORD).json()["token"]
    assert again != key
    assert Caller(lao_cai, again).get("/api/v1/people/").status_code == 200


@pytest.mark.parametrize(("username", "password"), [
    (DOHA_ADMIN_USERNAME, "sai-mat-khau"),
    ("nobody.here", DEMO_PASSWORD),
    ("999999999999", "sai-mat-khau"),
])
def test_a_wrong_sign_in_never_says_whether_the_account_exists(lao_cai: Province, username: str,
                                                               password: str) -> None:
    """A wrong password and an unknown name get the same 400 and the same words."""
    response = _sign_in(lao_cai, username, password)
    assert response.status_code == 400
    assert response.json() == REFUSED


def test_a_closed_account_cannot_sign_in(lao_cai: Province) -> None:
    """An account closed when its holder left answers like a wrong password, and its old token
    no longer opens anything."""
    username = demo_persona_id(lao_cai, Role.EMPLOYEE)
    key = token_of(lao_cai, username)
    with tenant_context(lao_cai):
        Account.objects.filter(username=username).update(is_active=False)
    assert _sign_in(lao_cai, username, DEMO_PASSWORD).json() == REFUSED
    answer = Caller(lao_cai, key).get("/api/v1/people/")
    assert answer.status_code == 401
    assert answer.json()["message"] == "Mã truy cập không hợp lệ hoặc đã bị thu hồi."


def test_a_sign_in_of_another_province_is_unknown_here(lao_cai: Province, lai_chau: Province) -> None:
    """Lai Châu's employee does not exist on Lào Cai's host."""
    assert _sign_in(lao_cai, demo_persona_id(lai_chau, Role.EMPLOYEE), DEMO_PASSWORD).json() == REFUSED


def test_a_token_from_lai_chau_is_refused_on_lao_cai(lao_cai: Province, lai_chau: Province) -> None:
    """Tokens live in each province's schema: Lai Châu's DoHA admin token is unknown on Lào
    Cai's host (401), though the same account name exists there."""
    key = token_of(lai_chau, DOHA_ADMIN_USERNAME)
    assert Caller(lai_chau, key).get("/api/v1/people/").status_code == 200
    for path in ("/api/v1/people/", "/api/v1/org-units/", "/api/v1/change-sets/queue/"):
        response = Caller(lao_cai, key).get(path)
        assert response.status_code == 401
        assert response.json() == {"message": "Mã truy cập không hợp lệ hoặc đã bị thu hồi.",
                                   "code": "authentication_failed", "extra": {}}


@pytest.mark.parametrize("header", ["Token", "Token abc", "Token " + "g" * 64, "Token a b", "Bearer xyz",
                                    "Token " + "0" * 40, "Token " + "0" * 64, "Token \u00e9\u00e9"])
def test_a_malformed_or_unknown_token_is_a_401(lao_cai: Province, header: str) -> None:
    """Whatever the Authorization header holds, the answer is a 401 or, when it is not a
    token at all, the request is simply anonymous (still 401)."""
    response = client_for(lao_cai).get("/api/v1/people/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_no_token_is_a_401_saying_how_to_sign_in(as_: Callable[[str], Caller]) -> None:
    """An anonymous call is told, in Vietnamese, to send its token."""
    response = as_("anonymous").get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json()["message"] == "Chưa đăng nhập: gửi kèm mã truy cập (Authorization: Token …)."
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("body", [{}, {"username": "x"}, {"password": "x"}, [], "x", {"username": ["a"], "password": 1}])
def test_a_malformed_sign_in_names_the_missing_fields(lao_cai: Province, body: object) -> None:
    """A sign-in without a name or a password is a 400 naming the fields, never a 500."""
    response = client_for(lao_cai).post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] in ("invalid", "parse_error")


def test_the_api_is_only_on_province_hosts() -> None:
    """The operators' console has no province data to sign in to."""
    response = client_for(None).post("/api/v1/auth/token/", {"username": DOHA_ADMIN_USERNAME,
                                                             "password": DEMO_PASSWORD},
                                     content_type="application/json")
    assert response.status_code == 404
