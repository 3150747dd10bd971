"""Outbound requests (SSRF): only https addresses that resolve to public IP addresses, unless an
operator allows the host; redirects not followed; a reply's raw body never echoed."""

import pytest
from django.test import override_settings
from django_tenants.utils import tenant_context

from core.base.errors import ApplicationError
from core.base.http import (
    NOT_HTTPS,
    REPLY_HIDDEN,
    Answer,
    http_request,
    outbound_url_error,
    reply_summary,
)
from tenants.models import Province
from tests.core.conftest import personas_of

PRIVATE_URLS = [
    "https://127.0.0.1/", "https://localhost:8000/api/", "https://10.1.2.3/", "https://192.168.1.1/",
    "https://172.16.0.5/", "https://169.254.169.254/latest/meta-data/", "https://[::1]/", "https://0.0.0.0/",
    "https://[fd00::1]/", "https://100.64.0.1/",
]


@override_settings(HOSO_OUTBOUND_ALLOWED_HOSTS=[])
@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_and_loopback_addresses_are_refused(url: str) -> None:
    assert "địa chỉ nội bộ" in (outbound_url_error(url) or "")


@override_settings(HOSO_OUTBOUND_ALLOWED_HOSTS=[])
def test_plain_http_and_nonsense_are_refused() -> None:
    assert outbound_url_error("http://93.184.216.34/") == NOT_HTTPS
    assert outbound_url_error("file:///etc/passwd") is not None
    assert outbound_url_error("https://:99999/") is not None
    assert outbound_url_error("gopher://93.184.216.34/") == NOT_HTTPS


@override_settings(HOSO_OUTBOUND_ALLOWED_HOSTS=[])
def test_a_public_https_address_is_allowed() -> None:
    assert outbound_url_error("https://93.184.216.34/dong-bo/") is None


@override_settings(HOSO_OUTBOUND_ALLOWED_HOSTS=["signer.internal", "10.0.0.9"])
def test_an_operator_allowed_host_skips_the_checks() -> None:
    assert outbound_url_error("http://10.0.0.9:8080/sign") is None
    assert outbound_url_error("https://10.0.0.10/") is not None


@override_settings(HOSO_OUTBOUND_ALLOWED_HOSTS=[])
def test_a_refused_address_is_never_contacted() -> None:
    answer = http_request("GET", "https://169.254.169.254/latest/meta-data/", headers={}, timeout=0.1)
    assert answer.status == 0 and "địa chỉ nội bộ" in answer.body


def test_a_reply_is_shown_only_as_its_json_message() -> None:
    assert reply_summary(Answer(422, '{"message": "Thiếu thông tin bắt buộc"}')) == "Thiếu thông tin bắt buộc"
    assert reply_summary(Answer(200, "<html>root:x:0:0 internal admin page</html>")) == REPLY_HIDDEN
    assert reply_summary(Answer(500, '{"message": "' + "x" * 5000 + '"}')) == "x" * 200
    assert reply_summary(Answer(500, '["a"]')) == REPLY_HIDDEN


@override_settings(HOSO_OUTBOUND_ALLOWED_HOSTS=[])
@pytest.mark.django_db
def test_the_sync_endpoint_refuses_an_internal_address(lao_cai: Province) -> None:
    """The finding: the national sync endpoint accepted any URL, internal ones included."""
    from core.approvals.models import SyncEndpoint
    from core.approvals.services.sync import sync_endpoint_set

    with tenant_context(lao_cai):
        doha = personas_of(lao_cai).doha
        before = list(SyncEndpoint.objects.values_list("url", flat=True))
        for url in ("http://169.254.169.254/latest/meta-data/", "https://127.0.0.1:5432/", "http://csdl.gov.vn/"):
            with pytest.raises(ApplicationError) as refused:
                sync_endpoint_set(acting_user=doha, url=url)
            assert set(refused.value.extra["fields"]) == {"url"}
        assert list(SyncEndpoint.objects.values_list("url", flat=True)) == before
        assert sync_endpoint_set(acting_user=doha, url="https://93.184.216.34/dong-bo/").url.startswith("https://")
