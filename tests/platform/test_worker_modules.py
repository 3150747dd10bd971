"""What a web worker holds in memory: after start-up and a few signed-in pages, a fresh process
with hoso.wsgi has not imported the libraries that only background work, a few rare pages or the
deployment tools need (tests/perf/bench_memory.py measures the memory itself).

The worker runs in a subprocess: this test process has imported everything already. It serves
its requests by calling the WSGI application directly, inside one transaction rolled back at the
end, so that the sign-in and the pages leave nothing in the test database.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tenants.models import Province
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OFFICER, PASSWORD = "010188001233", "hoso-demo-2026"  # Lào Cai's unit officer (README, "Demo sign-ins")
PAGES = ["/trang-cua-toi/", "/can-bo/", "/can-bo/?q=Nguy%E1%BB%85n", "/duyet-ho-so/", "/phe-duyet/", "/nghia-vu/",
         "/api/v1/people/"]
# Packages a web worker must not load for these pages: Celery's stack (loaded by the tasks
# modules, i.e. when a task is sent), error reporting without a DSN, the spreadsheet, PDF, Word,
# CMS, signing-token and object-storage libraries of a few rare pages and of background work;
# the ID-token libraries of the province's single sign-on, which only its callback needs
# (core/sso/backend.py: the backend every password sign-in builds stays light); and `requests`,
# which only that callback uses and DRF's compatibility module would import (api/apps.py).
NOT_LOADED = ["celery", "kombu", "billiard", "amqp", "vine", "click", "tenant_schemas_celery", "sentry_sdk", "gevent",
              "openpyxl", "fpdf", "pyhanko", "asn1crypto", "docx", "lxml", "PIL", "fontTools", "pkcs11", "boto3", "botocore",
              "aiohttp", "redis", "pgserver", "jwt", "josepy", "requests", "urllib3", "charset_normalizer"]
# Modules (and their submodules) that only other pages, or the API's schema, need: the URLconfs
# import a view when its address is first resolved (hoso/lazy_urls.py), and drf-spectacular's
# plumbing, which imports django.test, only when a schema is made (hoso/openapi.py); the single
# sign-on callback's OpenID Connect flow (core/sso/oidc.py); DRF's template tags, which only its
# browsable API's pages load (hoso/template_engine.py); the résumé's PDF signing, which the
# approvals list does not need (frontend/approvals/views.py imports it where a résumé is signed),
# nor the approval services, the signers and cryptography's X.509, which only preparing, signing
# and returning need (the list asks core/approvals/signing_methods.py whether a key is there).
NOT_IMPORTED = ["django.test", "unittest", "jinja2", "drf_spectacular.plumbing", "drf_spectacular.openapi",
                "drf_spectacular.views", "mozilla_django_oidc.auth", "core.sso.oidc",
                "rest_framework.templatetags.rest_framework", "cryptography.x509", "core.approvals.signing",
                "core.approvals.signers", "core.approvals.key_store", "core.approvals.services.approvals",
                "core.approvals.services.signature_requests", "core.approvals.services.dossier_export",
                "core.approvals.services.resume_signing", "core.resumes.pdf", "frontend.backups.views", "frontend.tech_agency.views",
                "frontend.privacy.views", "frontend.console.first_sign_in", "frontend.careers.views", "api.v1.approvals.views",
                "api.v1.backups.views", "api.v1.signing.views", "api.v1.careers.views", "api.v1.reports.views"]

WORKER = r"""
import io, json, re, sys
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from hoso.wsgi import application
from django.core import signals
from django.db import close_old_connections, transaction

host, officer, password, pages = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
cookies = {}


def call(method, url, host, form=None):
    body = urlencode(form).encode() if form else b""
    parts = urlsplit(url)
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": parts.path, "QUERY_STRING": parts.query, "SERVER_NAME": host,
        "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": host,
        "HTTP_ORIGIN": f"https://{host}", "HTTP_REFERER": f"https://{host}/dang-nhap/",
        "HTTP_X_FORWARDED_PROTO": "https", "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "https",
        "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), headers

    chunks = application(environ, start_response)
    text = b"".join(chunks).decode(errors="replace")
    chunks.close()
    for name, value in answer["headers"]:
        if name.lower() == "set-cookie":
            cookies.update({key: morsel.value for key, morsel in SimpleCookie(value).items()})
    return answer["status"], text


# One transaction for the whole visit, rolled back: the connection stays open between requests.
signals.request_started.disconnect(close_old_connections)
signals.request_finished.disconnect(close_old_connections)
statuses = {}
with transaction.atomic():
    statuses["/readyz"] = call("GET", "/readyz", "10.42.0.17:8000")[0]
    status, form = call("GET", "/dang-nhap/", host)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    statuses["sign-in"] = call("POST", "/dang-nhap/", host,
                               {"username": officer, "password": password, "csrfmiddlewaretoken": token})[0]
    for page in pages:
        statuses[page] = call("GET", page, host)[0]
    transaction.set_rollback(True)
print(json.dumps({"statuses": statuses, "modules": sorted(sys.modules)}))
"""


def _worker_visit(province: Province) -> tuple[dict[str, int], set[str]]:
    """The statuses of the pages a fresh worker served, and the modules it had imported by then."""
    env = {**os.environ, "DATABASE_NAME": connection.settings_dict["NAME"], "DJANGO_SETTINGS_MODULE": "hoso.settings.test"}
    done = subprocess.run([sys.executable, "-c", WORKER, host_of(province), OFFICER, PASSWORD, json.dumps(PAGES)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    visit = json.loads(done.stdout.splitlines()[-1])
    return visit["statuses"], set(visit["modules"])


def test_a_web_worker_serving_pages_leaves_background_and_rare_libraries_unloaded(lao_cai: Province) -> None:
    """Celery, kombu, click and the libraries of rare pages stay out of a web worker that served
    a password sign-in, the officer's pages and the API, and so do single sign-on's OpenID
    Connect flow, the views of pages it did not serve and the API schema's machinery; the probe read no migration module; the calendar loads no
    holidays but Vietnam's."""
    statuses, modules = _worker_visit(lao_cai)

    assert statuses == {"/readyz": 200, "sign-in": 302, **dict.fromkeys(PAGES, 200)}
    assert "rest_framework.views" in modules  # the API was served
    loaded = sorted(name for name in modules if name.split(".")[0] in NOT_LOADED)
    assert loaded == []
    assert sorted(name for name in modules
                  if any(name == unused or name.startswith(f"{unused}.") for unused in NOT_IMPORTED)) == []
    assert [name for name in modules if ".migrations.0" in name] == []
    assert {name for name in modules if name.startswith("holidays.countries.")} <= {"holidays.countries.vietnam"}
