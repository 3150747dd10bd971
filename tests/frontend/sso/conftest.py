"""A real OpenID provider for the province single sign-on tests, in its own process.

django-oidc-provider (tests/frontend/sso/oidc_provider/) with two clients, Lào Cai's and Bình
Thuận's, each allowed to return only to its own province's callback, and a few people whose
provider sign-in name is their ID number. The provider signs ID tokens with its own RSA key
(RS256) and publishes it at its JWKS endpoint; hoso fetches everything over HTTP.
"""

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from tenants.models import Province

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "mat-khau-nha-cung-cap-1"
CLIENTS = {
    "lao-cai": ("hoso-laocai", "bi-mat-lao-cai", "http://laocai.localhost/dang-nhap/tinh/xong/"),
    "binh-thuan": ("hoso-binhthuan", "bi-mat-binh-thuan", "http://binhthuan.localhost/dang-nhap/tinh/xong/"),
    # A province whose rules do not offer single sign-on, configured all the same.
    "lai-chau": ("hoso-laichau", "bi-mat-lai-chau", "http://laichau.localhost/dang-nhap/tinh/xong/"),
}
# Lào Cai's employee and DoHA-level people, Bình Thuận's employee, one unknown ID number.
PEOPLE = ["010090001235", "060091001235", "010099009999", "010188001233"]


@dataclass(frozen=True)
class Provider:
    base: str

    @property
    def issuer(self) -> str:
        return f"{self.base}/openid"

    def settings_for(self, *codes: str, id_claim: dict[str, tuple[str, str]] | None = None) -> dict[str, dict[str, str]]:
        """HOSO_OIDC_PROVINCES naming this provider for the given provinces; Lào Cai reads the
        ID number from the custom claim `so_dinh_danh` (scope `cccd`), others from the standard
        `preferred_username`."""
        claims = {"lao-cai": ("so_dinh_danh", "openid cccd"), **(id_claim or {})}
        entries = {}
        for code in codes:
            client_id, secret, _ = CLIENTS[code]
            claim, scopes = claims.get(code, ("preferred_username", "openid profile"))
            entries[code] = {"issuer": self.issuer, "client_id": client_id, "client_secret": secret,
                             "id_claim": claim, "scopes": scopes}
        return entries

    def sign_in(self, authorize_url: str, username: str) -> str:
        """A person signs in at the provider, as a browser would, after hoso sent them there;
        the address the provider sends them back to (hoso's callback with code and state)."""
        browser = requests.Session()
        answer = browser.get(authorize_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:300]
        login_url = self.base + answer.headers["Location"] if answer.headers["Location"].startswith("/") else answer.headers["Location"]
        next_path = parse_qs(urlsplit(login_url).query)["next"][0]
        page = browser.get(login_url, timeout=10).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:300]
        answer = browser.post(login_url, timeout=10, allow_redirects=False, headers={"Referer": login_url},
                              data={"username": username, "password": PASSWORD, "next": next_path,
                                    "csrfmiddlewaretoken": token.group(1)})
        assert answer.status_code == 302, answer.text[:300]
        answer = browser.get(self.base + answer.headers["Location"], allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:300]
        return str(answer.headers["Location"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    folder = tmp_path_factory.mktemp("oidc_provider")
    (folder / "setup.json").write_text(json.dumps({
        "clients": [{"client_id": cid, "client_secret": secret, "redirect_uri": uri}
                    for cid, secret, uri in CLIENTS.values()],
        "people": [{"username": username, "password": PASSWORD} for username in PEOPLE],
    }))
    port = _free_port()
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "tests.frontend.sso.oidc_provider.serve", str(port), str(folder)],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    provider = Provider(base=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (folder / "provider.log").read_text()
            try:
                if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the OpenID provider did not start"
            time.sleep(0.2)
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def sso_settings(settings, oidc_provider: Provider) -> Callable[..., None]:  # type: ignore[no-untyped-def]
    """Configures single sign-on for the given provinces against the test provider (the
    provider runs on 127.0.0.1 over http: allowed here as an operator would allow it)."""
    from django.core.cache import cache

    def configure(*codes: str, **kwargs: object) -> None:
        settings.HOSO_OIDC_PROVINCES = oidc_provider.settings_for(*codes, **kwargs)  # type: ignore[arg-type]
        settings.HOSO_OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
        cache.clear()

    return configure


def start(browser: Client, next_path: str = "") -> str:
    """hoso's start page: the provider's authorization address it sends the browser to."""
    answer = browser.get("/dang-nhap/tinh/" + (f"?next={next_path}" if next_path else ""))
    assert answer.status_code == 302, answer.content[:300]
    return str(answer["Location"])


def callback_path(callback_url: str) -> str:
    parts = urlsplit(callback_url)
    return f"{parts.path}?{parts.query}"


def message_of(answer) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', answer.content.decode())
    return found.group(1) if found else ""


def province(code: str) -> Province:
    from django_tenants.utils import schema_context

    with schema_context("public"):
        return Province.objects.get(code=code)
