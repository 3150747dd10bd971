"""Benchmark (run by hand or by `make bench`): a gunicorn worker's memory after 1,000 mixed
requests, beside a plain Django worker's after 1,000 requests of its own.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_memory.py [--requests 1000] [--demo-people 100]

On that database (made if missing): migrations (`entrypoint.sh migrate`) and the five demo
provinces (`hoso_setup --demo`, as tests/perf/load.py has them, with fewer generated people:
memory does not grow with the rows of a page), collectstatic into a throw-away HOSO_VAR_DIR.
Then the production web server exactly as the image starts it (`entrypoint.sh web`,
`hoso.settings.production`, DEBUG off, `infra/gunicorn.conf.py`), with the image's Python
packages and code: a virtualenv with requirements.lock only (.venv-prod, made by this script
and made again when the lock changes; the development venv's extra packages are not in the
image, and some are imported when installed: DRF imports Pygments), hoso's packages on the
import path through links as the image has them (/app/import), and compiled as the image's
build compiles them (the image runs with PYTHONDONTWRITEBYTECODE), with one worker
(WEB_CONCURRENCY=1, its 4 threads) so that every request lands on the worker measured. The
requests, one after another, are those of a province's day, signed in with the demo personas of
Lào Cai: an employee's home and dossier, an officer's people list, name search, someone's
dossier and review queue, the approver's approvals, the DoHA admin's statistics, rules and the
API (/api/v1/rules/, /api/v1/people/). The worker's RSS (psutil) is read after start-up and
after the requests. The baseline: gunicorn with the same configuration serving the plain
single-tenant project of tests/perf/plain (the one-query view of bench_routing) on a province's
schema (the same virtualenv), 1,000 requests, its worker's RSS read the same way.
"""

import argparse
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import psutil
import requests
from load import (  # the load test's: same server, same database set-up
    _database_ensure,
    _free_port,
    production_env,
)

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "infra" / "docker" / "entrypoint.sh"
PRODUCTION_VENV = ROOT / ".venv-prod"
SUBDOMAIN = "laocai"
PASSWORD = os.environ.get("HOSO_LOAD_PASSWORD", "hoso-demo-2026")
# Lào Cai's demo personas (README, "Demo sign-ins").
EMPLOYEE, OFFICER, APPROVER, DOHA = "010090001235", "010188001233", "010072001234", "snv.quantri"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_LINK = re.compile(r'href="/can-bo/(\d+)/"')
SURNAMES = ["Nguyễn", "Trần", "Lò", "Giàng", "Vàng", "Hoàng", "Phạm", "Lê"]


def _production_python() -> Path:
    """The interpreter of a virtualenv holding what the image installs (`pip install -r
    requirements.lock`), made again when the lock has changed since it was made."""
    lock = (ROOT / "requirements.lock").read_bytes()
    python, stamp = PRODUCTION_VENV / "bin" / "python", PRODUCTION_VENV / "requirements.lock"
    if not (python.exists() and stamp.exists() and stamp.read_bytes() == lock):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PRODUCTION_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--require-virtualenv", "-r",
                        str(ROOT / "requirements.lock")], check=True)
        stamp.write_bytes(lock)
    return python


def _image_code(python: Path, folder: Path) -> Path:
    """hoso's packages as the image holds them: compiled by the Dockerfile's compileall (the
    same command), on an import path of links (`hoso` is platform/). The folder to import from."""
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    subprocess.run([str(python), "-m", "compileall", "-q", "--invalidation-mode", "checked-hash", *packages.values()],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    imports = folder / "import"
    imports.mkdir()
    for name, source in packages.items():
        (imports / name).symlink_to(ROOT / source)
    return imports


def _province_schema(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute("SELECT p.schema_name FROM tenants_province p JOIN tenants_domain d ON d.tenant_id = p.id "
                         "WHERE d.domain LIKE %s LIMIT 1", [f"{SUBDOMAIN}.%"]).fetchone()
    assert row, "the demo province is missing"
    return str(row[0])


def _ready(port: int, path: str, host: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}{path}", headers={"Host": host}, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the web server did not become ready on port {port}")


def _worker_rss(master: subprocess.Popen[bytes]) -> float:
    """The one worker's resident memory, in MB (10^6 bytes)."""
    workers = psutil.Process(master.pid).children()
    assert len(workers) == 1, f"expected one worker, found {len(workers)}"
    return workers[0].memory_info().rss / 1e6


class Persona:
    """One signed-in person: a session whose Secure cookies are handed back over loopback HTTP,
    with the headers the Ingress sends."""

    def __init__(self, port: int, username: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        host = f"{SUBDOMAIN}.localhost:{port}"
        self.session = requests.Session()
        self.session.headers.update({"Host": host, "X-Forwarded-Proto": "https", "Origin": f"https://{host}",
                                     "Referer": f"https://{host}/dang-nhap/"})
        form = self.get("/dang-nhap/")
        token = CSRF.search(form)
        assert token, "no sign-in form"
        answer = self.session.post(self.base + "/dang-nhap/", allow_redirects=False,
                                   data={"username": username, "password": PASSWORD,
                                         "csrfmiddlewaretoken": token.group(1)})
        self._cookies_for_plain_http()
        where = answer.headers.get("Location", "")
        assert answer.status_code == 302 and "dang-nhap" not in where and "doi-mat-khau" not in where, \
            f"{username}: {answer.status_code} {where}"

    def _cookies_for_plain_http(self) -> None:
        for cookie in self.session.cookies:
            cookie.secure = False

    def answer(self, path: str, **params: Any) -> requests.Response:
        answer = self.session.get(self.base + path, params=params or None, allow_redirects=False, timeout=60)
        self._cookies_for_plain_http()
        return answer

    def get(self, path: str, **params: Any) -> str:
        answer = self.answer(path, **params)
        assert answer.status_code == 200, f"{path}: {answer.status_code} {answer.headers.get('Location', '')}"
        return answer.text


def _hoso_requests(port: int, count: int) -> dict[str, int]:
    """`count` requests of the personas' pages in turn; the number of each page served."""
    employee, officer, approver, doha = (Persona(port, name) for name in (EMPLOYEE, OFFICER, APPROVER, DOHA))
    # Someone else's dossier: the officer's own link answers with a redirect to their own page.
    people = [person for person in PERSON_LINK.findall(officer.get("/can-bo/"))[:20]
              if officer.answer(f"/can-bo/{person}/").status_code == 200]
    assert people, "the officer's people list is empty"
    names = itertools.cycle(SURNAMES)
    someone = itertools.cycle(people)
    pages = [
        ("employee home", lambda: employee.get("/trang-cua-toi/")),
        ("employee dossier", lambda: employee.get("/ho-so-cua-toi/")),
        ("people list", lambda: officer.get("/can-bo/")),
        ("people search", lambda: officer.get("/can-bo/", q=next(names))),
        ("person dossier", lambda: officer.get(f"/can-bo/{next(someone)}/")),
        ("officer home", lambda: officer.get("/trang-cua-toi/")),
        ("review queue", lambda: officer.get("/duyet-ho-so/")),
        ("approvals", lambda: approver.get("/phe-duyet/")),
        ("statistics", lambda: doha.get("/thong-ke/")),
        ("rules", lambda: doha.get("/quy-che/")),
        ("API rules", lambda: doha.get("/api/v1/rules/")),
        ("API people", lambda: officer.get("/api/v1/people/")),
        ("duties", lambda: employee.get("/nghia-vu/")),
    ]
    served: dict[str, int] = {}
    for number in range(count):
        name, call = pages[number % len(pages)]
        call()
        served[name] = served.get(name, 0) + 1
    return served


def _plain_requests(port: int, count: int) -> None:
    with requests.Session() as session:
        for _ in range(count):
            answer = session.get(f"http://127.0.0.1:{port}/mot-truy-van/", timeout=60)
            assert answer.status_code == 200, answer.status_code


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--demo-people", type=int, default=100, help="generated people per demo province")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/hoso_bench"
    _database_ensure(database)
    python = _production_python()
    folder = Path(tempfile.mkdtemp(prefix="hoso-memory-"))
    env = {
        **production_env(database, folder, "memory"),
        "HOSO_PYTHON": str(python),
        "PYTHONPATH": str(_image_code(python, folder)),
        # One worker, so every request lands on the worker measured; never recycled during the run.
        "WEB_CONCURRENCY": "1",
        "GUNICORN_MAX_REQUESTS": str(args.requests * 10),
    }
    env.pop("DATABASE_NAME", None)

    def run(*command: str) -> None:
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    started = time.monotonic()
    run("sh", str(ENTRYPOINT), "migrate")
    run(sys.executable, str(ROOT / "manage.py"), "hoso_setup", "--demo", "--demo-people", str(args.demo_people))
    run(sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0")
    print(f"cơ sở dữ liệu và tệp tĩnh sẵn sàng ({time.monotonic() - started:.0f} s)", flush=True)

    try:
        port = _free_port()
        log = (folder / "web.log").open("wb")
        web = subprocess.Popen(["sh", str(ENTRYPOINT), "web", "--bind", f"127.0.0.1:{port}"], env=env, cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT)
        try:
            _ready(port, "/readyz", f"{SUBDOMAIN}.localhost")
            hoso_start = _worker_rss(web)
            served = _hoso_requests(port, args.requests)
            hoso_end = _worker_rss(web)
        finally:
            _stop(web)

        port = _free_port()
        plain_env = dict(env, DJANGO_SETTINGS_MODULE="tests.perf.plain.settings", BENCH_SCHEMA=_province_schema(database),
                         PYTHONPATH=str(ROOT))
        plain = subprocess.Popen([str(python), "-m", "gunicorn", "--config", str(ROOT / "infra" / "gunicorn.conf.py"),
                                  "--bind", f"127.0.0.1:{port}", "django.core.wsgi:get_wsgi_application()"],
                                 env=plain_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            _ready(port, "/mot-truy-van/", "localhost")
            plain_start = _worker_rss(plain)
            _plain_requests(port, args.requests)
            plain_end = _worker_rss(plain)
        finally:
            _stop(plain)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print("yêu cầu: " + ", ".join(f"{name} {count}" for name, count in served.items()))
    print(f"worker hoso (gunicorn, production)   khởi động {hoso_start:6.1f} MB  sau {args.requests} yêu cầu {hoso_end:6.1f} MB")
    print(f"worker Django thuần (cùng gunicorn)  khởi động {plain_start:6.1f} MB  sau {args.requests} yêu cầu {plain_end:6.1f} MB")
    print(f"RESULT memory hoso worker RSS after {args.requests} mixed requests {hoso_end:.1f} MB "
          f"(plain Django {plain_end:.1f} MB, {hoso_end / plain_end:.2f}x; target < 100 MB)")


if __name__ == "__main__":
    main()
