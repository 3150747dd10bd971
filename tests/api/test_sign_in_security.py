"""Sign-in security: lockout per account and per address in each province, every sign-in
audited, knox tokens listed, revoked and expiring, the province's password policy enforced."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from knox.models import AuthToken

from core.base.accounts.models import Account
from core.base.accounts.services import LOCKED_OUT
from core.base.audit.models import AuditEvent
from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from core.selectors.security import security_rules_forget
from tenants.models import Province
from tests.api.conftest import Caller, token_of
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hoso-Moi-2026!"


def _api_sign_in(province: Province, username: str, password: str, address: str = "198.51.100.7") -> object:
    return Client(HTTP_HOST=host_of(province), REMOTE_ADDR=address).post(
        "/api/v1/auth/token/", {"username": username, "password": password}, content_type="application/json")


def _page_sign_in(province: Province, username: str, password: str, address: str = "198.51.100.8") -> object:
    return Client(HTTP_HOST=host_of(province), REMOTE_ADDR=address).post(
        "/dang-nhap/", {"username": username, "password": password})


def test_five_wrong_passwords_on_the_api_lock_the_account(lao_cai: Province, lai_chau: Province) -> None:
    """The finding: 20 wrong passwords then the right one signed in. Now the sixth try is a 429
    in Vietnamese even with the right password; each failure is audited; Lai Châu's account
    of the same name is untouched (attempts live in each province's schema)."""
    for _ in range(4):
        assert _api_sign_in(lao_cai, DOHA_ADMIN_USERNAME, "sai-mat-khau").status_code == 400
    assert _api_sign_in(lao_cai, DOHA_ADMIN_USERNAME, "sai-mat-khau").status_code == 429
    locked = _api_sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)
    assert locked.status_code == 429
    assert locked.json() == {"message": LOCKED_OUT, "code": "locked_out", "extra": {}}
    with tenant_context(lao_cai):
        failed = AuditEvent.objects.filter(action="auth.sign_in_failed", target=f"username:{DOHA_ADMIN_USERNAME}")
        assert failed.count() == 6
        assert failed.filter(detail__locked_out=True).exists()
        assert failed.first().detail["address"] == "198.51.100.7"  # type: ignore[union-attr]
        assert not AuditEvent.objects.filter(action="auth.token", detail__address="198.51.100.7").exists()
    assert _api_sign_in(lai_chau, DOHA_ADMIN_USERNAME, DEMO_PASSWORD).status_code == 200


def test_five_wrong_passwords_on_the_page_lock_the_account(lao_cai: Province) -> None:
    """The same on /dang-nhap/ (capitals and spaces count as the same name): the lockout page in Vietnamese; a right
    sign-in before the lockout is audited."""
    employee = demo_persona_id(lao_cai, Role.EMPLOYEE)
    assert _page_sign_in(lao_cai, employee, DEMO_PASSWORD).status_code == 302
    for _ in range(4):
        assert _page_sign_in(lao_cai, f" {employee.upper()} ", "sai").status_code == 200
    assert _page_sign_in(lao_cai, employee, "sai").status_code == 429
    locked = _page_sign_in(lao_cai, employee, DEMO_PASSWORD, address="198.51.100.9")
    assert locked.status_code == 429
    assert LOCKED_OUT in locked.content.decode()
    with tenant_context(lao_cai):
        assert AuditEvent.objects.filter(action="auth.sign_in", actor__username=employee).count() == 1
        assert AuditEvent.objects.filter(action="auth.sign_in_failed", target=f"username:{employee}").count() == 6


def test_one_address_trying_many_accounts_is_locked(lao_cai: Province) -> None:
    """Per address: five failures over five ID numbers lock the address, even for a right
    sign-in of a sixth account; another address still signs in."""
    for n in range(5):
        _api_sign_in(lao_cai, f"01019000{n:04d}", "sai", address="203.0.113.50")
    assert _api_sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD, address="203.0.113.50").status_code == 429
    assert _api_sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD, address="203.0.113.51").status_code == 200


def test_the_province_admin_unlocks_an_account(lao_cai: Province) -> None:
    """The DoHA admin unlocks a locked account; an employee may not (404 like any account
    they cannot manage)."""
    employee = demo_persona_id(lao_cai, Role.EMPLOYEE)
    for _ in range(5):
        _api_sign_in(lao_cai, employee, "sai", address="203.0.113.60")
    assert _api_sign_in(lao_cai, employee, DEMO_PASSWORD, address="203.0.113.61").status_code == 429
    teacher = Caller(lao_cai, token_of(lao_cai, demo_persona_id(lao_cai, Role.EMPLOYEE, "school1")))
    assert teacher.post(f"/api/v1/accounts/{employee}/unlock/").status_code == 403
    doha = Caller(lao_cai, token_of(lao_cai, DOHA_ADMIN_USERNAME))
    assert doha.post(f"/api/v1/accounts/{employee}/unlock/").status_code == 204
    assert _api_sign_in(lao_cai, employee, DEMO_PASSWORD, address="203.0.113.61").status_code == 200


def test_a_person_lists_and_revokes_their_own_tokens(lao_cai: Province) -> None:
    """Tokens are listed by their public prefix only; one's own can be revoked, another's is
    "not found"; sign-out revokes the token used."""
    employee = demo_persona_id(lao_cai, Role.EMPLOYEE)
    first = _api_sign_in(lao_cai, employee, DEMO_PASSWORD).json()["token"]
    second = _api_sign_in(lao_cai, employee, DEMO_PASSWORD).json()["token"]
    doha_token = token_of(lao_cai, DOHA_ADMIN_USERNAME)
    listed = Caller(lao_cai, first).get("/api/v1/auth/tokens/").json()
    assert {row["token_key"] for row in listed} == {first[:15], second[:15]}
    assert [row["current"] for row in listed if row["token_key"] == first[:15]] == [True]
    assert first not in str(listed)
    assert Caller(lao_cai, first).delete(f"/api/v1/auth/tokens/{doha_token[:15]}/").status_code == 404
    assert Caller(lao_cai, first).delete(f"/api/v1/auth/tokens/{second[:15]}/").status_code == 204
    assert Caller(lao_cai, second).get("/api/v1/people/").status_code == 401
    assert Caller(lao_cai, first).post("/api/v1/auth/sign-out/").status_code == 204
    assert Caller(lao_cai, first).get("/api/v1/people/").status_code == 401
    assert Caller(lao_cai, doha_token).get("/api/v1/people/").status_code == 200


def test_an_expired_token_is_refused(lao_cai: Province) -> None:
    key = token_of(lao_cai, DOHA_ADMIN_USERNAME)
    with tenant_context(lao_cai):
        AuthToken.objects.filter(token_key=key[:15]).update(expiry=timezone.now() - timedelta(seconds=1))
    answer = Caller(lao_cai, key).get("/api/v1/people/")
    assert answer.status_code == 401
    with tenant_context(lao_cai):
        assert not AuthToken.objects.filter(token_key=key[:15]).exists()


def _issued(province: Province) -> tuple[str, str]:
    """A person account issued by the DoHA admin: its ID number and the password shown."""
    with tenant_context(province):
        account = Account.objects.get(username=demo_persona_id(province, Role.EMPLOYEE, "commune1"))
        account.set_password("Cap-Phat-2026!")
        account.must_change_password = True
        account.save()
        return account.username, "Cap-Phat-2026!"


def test_an_issued_password_must_be_changed_first_on_the_api(lao_cai: Province) -> None:
    """The finding: must_change_password was stored but not enforced. Now the API answers 403
    until the password is changed; a weak or reused one is refused naming the field."""
    username, issued = _issued(lao_cai)
    signed_in = _api_sign_in(lao_cai, username, issued).json()
    assert signed_in["must_change_password"] is True
    caller = Caller(lao_cai, signed_in["token"])
    refused = caller.get("/api/v1/people/")
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"
    weak = caller.post("/api/v1/auth/password/", {"current_password": issued, "new_password": "12345678"})
    assert weak.status_code == 400 and "new_password" in weak.json()["extra"]["fields"]
    same = caller.post("/api/v1/auth/password/", {"current_password": issued, "new_password": issued})
    assert same.status_code == 400 and "Không được dùng lại" in same.json()["extra"]["fields"]["new_password"]
    wrong = caller.post("/api/v1/auth/password/", {"current_password": "sai", "new_password": NEW_PASSWORD})
    assert wrong.json()["extra"]["fields"] == {"current_password": "Mật khẩu hiện tại không đúng."}
    assert caller.post("/api/v1/auth/password/", {"current_password": issued, "new_password": NEW_PASSWORD}).status_code == 204
    assert caller.get("/api/v1/people/").status_code == 200
    back = caller.post("/api/v1/auth/password/", {"current_password": NEW_PASSWORD, "new_password": issued})
    assert back.status_code == 400, "the previous password cannot come back"
    with tenant_context(lao_cai):
        assert AuditEvent.objects.filter(action="auth.password_change", actor__username=username).count() == 1


def test_an_issued_password_must_be_changed_first_on_the_pages(lao_cai: Province) -> None:
    """Every page leads to /doi-mat-khau/ until the password is changed there."""
    username, issued = _issued(lao_cai)
    browser = Client(HTTP_HOST=host_of(lao_cai), REMOTE_ADDR="198.51.100.20")
    assert browser.post("/dang-nhap/", {"username": username, "password": issued}).status_code == 302
    home = browser.get("/ho-so-cua-toi/")
    assert home.status_code == 302 and home["Location"] == "/doi-mat-khau/"
    page = browser.get("/doi-mat-khau/")
    assert page.status_code == 200 and "Mật khẩu được cấp phải được đổi" in page.content.decode()
    mismatch = browser.post("/doi-mat-khau/", {"current_password": issued, "new_password": NEW_PASSWORD,
                                                "new_password_again": "khac"})
    assert mismatch.status_code == 400 and "không khớp" in mismatch.content.decode()
    done = browser.post("/doi-mat-khau/", {"current_password": issued, "new_password": NEW_PASSWORD,
                                            "new_password_again": NEW_PASSWORD})
    assert done.status_code == 302
    assert browser.get("/doi-mat-khau/").status_code == 200
    assert browser.get("/ho-so-cua-toi/").status_code == 200


def test_rotation_follows_the_provinces_rule(son_la: Province, lai_chau: Province) -> None:
    """Sơn La's rules (Điều 11 khoản 3) rotate passwords every three months (90 days); Lai
    Châu's text sets none. A password changed 91 days ago is due in Sơn La only."""
    for province in (son_la, lai_chau):
        with tenant_context(province):
            security_rules_forget()
            Account.objects.filter(username=DOHA_ADMIN_USERNAME).update(
                password_changed_at=timezone.now() - timedelta(days=91))
    sl = Caller(son_la, token_of(son_la, DOHA_ADMIN_USERNAME)).get("/api/v1/people/")
    assert sl.status_code == 403 and "90 ngày" in sl.json()["message"]
    assert Caller(lai_chau, token_of(lai_chau, DOHA_ADMIN_USERNAME)).get("/api/v1/people/").status_code == 200


def test_the_last_doha_admin_cannot_revoke_their_own_grant(lao_cai: Province) -> None:
    """The finding: DELETE /api/v1/role-grants/<id>/ on one's own last doha_admin grant left the
    province with no administrator. Now it is refused in Vietnamese and nothing changes; with a
    second DoHA admin, the first one's grant can go."""
    from core.models import RoleGrant
    from core.services.access import LAST_DOHA_ADMIN

    doha = Caller(lao_cai, token_of(lao_cai, DOHA_ADMIN_USERNAME))
    with tenant_context(lao_cai):
        grant = RoleGrant.objects.get(account__username=DOHA_ADMIN_USERNAME, role=Role.DOHA_ADMIN, revoked_at=None)
        root = grant.org_unit
    refused = doha.delete(f"/api/v1/role-grants/{grant.pk}/")
    assert refused.status_code == 409  # well-formed; the province's present state refuses it
    assert refused.json() == {"message": LAST_DOHA_ADMIN, "code": "last_doha_admin", "extra": {}}
    with tenant_context(lao_cai):
        assert RoleGrant.objects.get(pk=grant.pk).revoked_at is None
    approver = demo_persona_id(lao_cai, Role.APPROVER)
    made = doha.post("/api/v1/role-grants/", {"account": approver, "role": Role.DOHA_ADMIN, "org_unit": root.pk})
    assert made.status_code == 201, made.content
    assert doha.delete(f"/api/v1/role-grants/{grant.pk}/").status_code == 200
