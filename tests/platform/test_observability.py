"""Request ids, JSON logs with the province, per-province metrics, scrubbed error reports."""

import json
import logging
import os
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hoso.observability.logs import ContextFilter, JsonFormatter
from hoso.observability.metrics import PlatformCollector
from hoso.settings.monitoring import MASK, scrub_event
from prometheus_client import REGISTRY

from core.backups.models import BackupRun, BackupStatus
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_every_response_carries_a_request_id() -> None:
    """A plain id from the proxy is kept; anything else is replaced by a fresh one."""
    browser = Client(HTTP_HOST="localhost")
    assert browser.get("/", HTTP_X_REQUEST_ID="abc123def456").headers["X-Request-ID"] == "abc123def456"
    replaced = browser.get("/", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 32


def test_request_ids_differ_in_forked_workers() -> None:
    """gunicorn forks its workers: each makes its own ids, never the parent's next ones."""
    from hoso.observability.context import request_id_from_header

    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: whatever happens, it never returns into pytest
        try:
            os.write(writing, request_id_from_header(None).encode())
        finally:
            os._exit(0)
    os.close(writing)
    os.waitpid(pid, 0)
    child = os.read(reading, 64).decode()
    os.close(reading)
    parent = [request_id_from_header(None) for _ in range(3)]
    assert re.fullmatch(r"[0-9a-f]{32}", child) and child not in parent and len(set(parent)) == 3


def test_requests_are_counted_per_province(lao_cai: Province, lai_chau: Province) -> None:
    before = {p: _sample("hoso_http_requests_total", province=p, method="GET", status="200")
              for p in ("lao_cai", "lai_chau")}
    latency_before = _sample("hoso_http_request_duration_seconds_count", province="lao_cai")
    client_for(lao_cai).get("/dang-nhap/")
    client_for(lao_cai).get("/dang-nhap/")
    client_for(lai_chau).get("/dang-nhap/")
    assert _sample("hoso_http_requests_total", province="lao_cai", method="GET", status="200") == before["lao_cai"] + 2
    assert _sample("hoso_http_requests_total", province="lai_chau", method="GET", status="200") == before["lai_chau"] + 1
    assert _sample("hoso_http_request_duration_seconds_count", province="lao_cai") == latency_before + 2


def test_requests_tag_error_reports_only_where_sentry_reports(lao_cai: Province, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a DSN, sentry_sdk is loaded by the settings and each request tags its scope with the
    province and request id; without one, a request does not load it (nor the gevent it pulls in)."""
    import sys
    from types import SimpleNamespace

    monkeypatch.delitem(sys.modules, "sentry_sdk", raising=False)
    client_for(lao_cai).get("/dang-nhap/")
    assert "sentry_sdk" not in sys.modules

    tags: dict[str, str] = {}
    scope = SimpleNamespace(set_tag=lambda key, value: tags.__setitem__(key, value))
    monkeypatch.setitem(sys.modules, "sentry_sdk", SimpleNamespace(get_isolation_scope=lambda: scope))
    answer = client_for(lao_cai).get("/dang-nhap/")
    assert tags == {"request_id": answer.headers["X-Request-ID"], "province": lao_cai.code}


def test_an_unknown_host_is_counted_without_a_province() -> None:
    before = _sample("hoso_http_requests_total", province="-", method="GET", status="404")
    Client(HTTP_HOST="khong-co.localhost").get("/")
    assert _sample("hoso_http_requests_total", province="-", method="GET", status="404") == before + 1


def test_server_errors_are_counted_per_province(lao_cai: Province, monkeypatch: pytest.MonkeyPatch) -> None:
    from hoso.observability.metrics import request_observe

    before = _sample("hoso_http_errors_total", province="lao_cai")
    request_observe(province="lao_cai", method="GET", status=503, seconds=0.01)
    request_observe(province="lao_cai", method="GET", status=404, seconds=0.01)
    assert _sample("hoso_http_errors_total", province="lao_cai") == before + 1


def test_the_request_log_is_json_with_province_and_request_id(lao_cai: Province, caplog: pytest.LogCaptureFixture) -> None:
    """One line a request: method, path without its query string, status, duration."""
    with caplog.at_level(logging.INFO, logger="hoso.request"):
        client_for(lao_cai).get("/dang-nhap/?q=010184001231", HTTP_X_REQUEST_ID="req-0001-abcd")
    (record,) = [r for r in caplog.records if r.name == "hoso.request"]
    ContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["province"] == "lao_cai"
    assert line["request_id"] == "req-0001-abcd"
    assert line["path"] == "/dang-nhap/" and line["status"] == 200 and line["method"] == "GET"
    assert "010184001231" not in json.dumps(line)


def test_a_log_line_outside_a_request_names_the_connection_schema() -> None:
    record = logging.LogRecord("hoso", logging.WARNING, __file__, 1, "Tỉnh %s", ("Lào Cai",), None)
    ContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Tỉnh Lào Cai" and line["province"] == "public" and line["level"] == "WARNING"


def test_error_reports_keep_no_personal_data() -> None:
    event = {
        "message": "Không tìm thấy CCCD 010184001231, điện thoại 0912 345 678, thư an@example.vn",
        "request": {"url": "https://laocai.example.vn/nhan-su/?q=Nguyễn", "query_string": "q=Nguyễn",
                    "cookies": {"sessionid": "s"}, "data": {"ho_ten": "Nguyễn Văn A"},
                    "headers": {"Cookie": "sessionid=s", "Authorization": "Token t", "Host": "laocai.example.vn",
                                "X-Forwarded-For": "203.0.113.9"}},
        "user": {"id": 7, "username": "010184001231", "email": "an@example.vn", "ip_address": "203.0.113.9"},
        "exception": {"values": [{"value": "trùng số 010184001231",
                                  "stacktrace": {"frames": [{"function": "f", "vars": {"ho_ten": "Nguyễn Văn A"}}]}}]},
        "breadcrumbs": {"values": [{"message": "SELECT ... WHERE so_cccd = '010184001231'"}]},
    }
    scrubbed = scrub_event(event, {})
    text = json.dumps(scrubbed, ensure_ascii=False)
    for secret in ("010184001231", "0912 345 678", "an@example.vn", "Nguyễn", "sessionid", "Token", "203.0.113.9"):
        assert secret not in text, secret
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["request"]["headers"] == {"Host": "laocai.example.vn"}
    assert scrubbed["tags"]["province"] == "public"
    assert MASK in scrubbed["message"]


def test_the_platform_gauges_give_each_province_its_backup_age(lao_cai: Province) -> None:
    finished = timezone.now() - timedelta(hours=30)
    BackupRun.objects.create(province=lao_cai, status=BackupStatus.OK, started_at=finished, finished_at=finished)
    families = {family.name: family for family in PlatformCollector().collect()}
    ages = {s.labels["province"]: s.value for s in families["hoso_province_last_backup_age_seconds"].samples}
    assert 30 * 3600 <= ages["lao_cai"] < 30 * 3600 + 120
    ready = {s.labels["province"]: s.value for s in families["hoso_province_ready"].samples}
    assert ready["lao_cai"] == 1.0 and len(ready) >= 5
    assert "public" not in ready
