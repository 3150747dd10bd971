"""The API does what its OpenAPI document says (issue 13): schemathesis runs every default check
(no server error; documented status codes, content types and answer shapes; schema-valid input
accepted and schema-violating input refused; authentication not ignored; …) over every operation,
against a real server (gunicorn) on a copy of the test database, as two personas of Lào Cai: the
DoHA admin and an employee. Both must end with no failure.

Two operations are left out, both because they revoke the very token the run signs in with (every
later request would be a 401, and the run would test nothing): POST /api/v1/auth/sign-out/ and
DELETE /api/v1/auth/tokens/{token_key}/ (the run learns its own key from GET /api/v1/auth/tokens/).
Both are tested in tests/api/test_auth.py.

Bounded in time: a few examples per operation (HOSO_CONTRACT_EXAMPLES, default 3), a fixed seed
(HOSO_CONTRACT_SEED), and the examples, fuzzing and stateful phases (the coverage phase, which
walks every boundary of every parameter, takes over ten minutes on two cores: run it by hand with
HOSO_CONTRACT_PHASES=examples,coverage,fuzzing,stateful).

Any failure fails the run: there is no list of known failures to tolerate. What the checks leave
to the product (an operation that may refuse schema-valid input, and why) is in schemathesis.toml
beside this file.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections

from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "laocai.localhost"
EXAMPLES = os.environ.get("HOSO_CONTRACT_EXAMPLES", "3")
PHASES = os.environ.get("HOSO_CONTRACT_PHASES", "examples,fuzzing,stateful")
CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = os.environ.get("HOSO_CONTRACT_SEED", "13")
# Each revokes the token in use (see the module's docstring).
EXCLUDED = ["/api/v1/auth/sign-out/", "/api/v1/auth/tokens/{token_key}/"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _url(settings: dict, name: str) -> str:  # type: ignore[type-arg]
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgresql://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


@pytest.fixture(scope="module")
def contract_database(django_db_setup: None, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A copy of the test database (demo provinces included) the run may change at will: the other
    tests keep theirs as it was."""
    settings = connection.settings_dict
    copy = f"{settings['NAME']}_contract"
    with django_db_blocker.unblock():
        connections.close_all()
        with psycopg.connect(_url(settings, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{settings["NAME"]}"')
    yield _url(settings, copy)
    with psycopg.connect(_url(settings, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


@pytest.fixture(scope="module")
def server(contract_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn serving the copy, as `make run` does; its log is shown if the run fails."""
    port = _free_port()
    var = tmp_path_factory.mktemp("contract")
    env = {**os.environ, "DATABASE_URL": contract_database, "HOSO_VAR_DIR": str(var), "DJANGO_DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "hoso.settings.test", "PYTHONWARNINGS": "ignore"}
    log = (var / "server.log").open("w")
    process = subprocess.Popen([str(BIN / "gunicorn"), "hoso.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                                "--threads", "4", "--timeout", "120"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(base, "/api/v1/schema/?format=json")
                break
            except OSError:
                assert process.poll() is None, (var / "server.log").read_text()
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _get(base: str, path: str) -> bytes:
    request = urllib.request.Request(base + path, headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  (our own server)
        return bytes(response.read())


def _token(base: str, username: str) -> str:
    request = urllib.request.Request(
        base + "/api/v1/auth/token/", method="POST", headers={"Host": HOST, "Content-Type": "application/json"},
        data=json.dumps({"username": username, "password": DEMO_PASSWORD}).encode())
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  (our own server)
        return str(json.load(response)["token"])


def _schemathesis(base: str, schema: Path, token: str, report: Path) -> subprocess.CompletedProcess[str]:
    excluded = [arg for path in EXCLUDED for arg in ("--exclude-path", path)]
    return subprocess.run(
        [str(BIN / "schemathesis"), "--config-file", str(CONFIG), "run", str(schema), "--url", base,
         "-H", f"Host: {HOST}", "-H", f"Authorization: Token {token}", *excluded, "--max-examples", EXAMPLES,
         "--seed", SEED, "--phases", PHASES, "--workers", "2", "--no-color",
         "--report", "junit", "--report-junit-path", str(report)],
        cwd=report.parent, capture_output=True, text=True, timeout=900,
    )


def _failures(output: str) -> str:
    """The run's failures and summary, without the progress lines."""
    start = output.find("=== FAILURES ===")
    return output[start - 30:] if start >= 0 else output[-6000:]


@pytest.mark.django_db
def test_the_api_keeps_its_documented_contract_for_the_doha_admin_and_an_employee(
        lao_cai: Province, server: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_bytes(_get(server, "/api/v1/schema/?format=json"))
    operations = sum(1 for item in json.loads(schema.read_text())["paths"].values() for method in item
                     if method in {"get", "post", "put", "patch", "delete"})
    # The employee first: the DoHA admin's run may change what the employee is allowed.
    for persona in (demo_persona_id(lao_cai, Role.EMPLOYEE), DOHA_ADMIN_USERNAME):
        done = _schemathesis(server, schema, _token(server, persona), tmp_path / f"{persona}.xml")
        tested = re.search(r"Tested: (\d+)", done.stdout)
        assert done.returncode == 0, f"schemathesis as {persona}:\n{_failures(done.stdout)}\n{done.stderr[-3000:]}"
        assert tested is not None and int(tested.group(1)) == operations - len(EXCLUDED), done.stdout[-3000:]
