"""A live hoso for browser tests: its own database set up by the same commands as `make run`,
served by a real server process, driven by Debian's Chromium through Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PEOPLE = 1500  # as `make run` (infra/dev/run.sh)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The console journey merges Bình Thuận into Lâm Đồng for good, on the live database every
    browser test shares: it runs after the other browser tests (the five-province journey
    needs Bình Thuận), the rest of the order unchanged."""
    def console(item: pytest.Item) -> bool:
        return item.nodeid.startswith("tests/browser/test_console_journey.py")

    browser = [i for i, item in enumerate(items) if item.nodeid.startswith("tests/browser/")]
    if not browser:
        return
    last = browser[-1]
    moved = [item for item in items[: last + 1] if console(item)]
    items[: last + 1] = [item for item in items[: last + 1] if not console(item)] + moved


def _admin_connection() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(dbname="postgres", user=db["USER"], password=db.get("PASSWORD") or None,
                           host=db["HOST"] or None, port=db["PORT"] or None, autocommit=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"hoso did not answer at {url}")


def _browser_database() -> str:
    """Named after this run's test database, so parallel runs never drop each other's."""
    return f"{settings.DATABASES['default']['NAME']}_browser"


@pytest.fixture(scope="session")
def live_hoso() -> Iterator[int]:
    """The port of a running hoso with the five demo provinces."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    database = _browser_database()
    with _admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database}")
    # The national database's stand-in listens on 127.0.0.1 (test_province_journey.py): an operator
    # allows such a host by name; nothing else changes from `make run`.
    env = {**os.environ, "DATABASE_NAME": database, "DJANGO_SETTINGS_MODULE": "hoso.settings.base",
           "HOSO_OUTBOUND_ALLOWED_HOSTS": "127.0.0.1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate_schemas", "--shared", "-v", "0"], env=env, check=True, cwd=ROOT)
    # As infra/dev/run.sh: about 1,500 people per province besides the personas.
    subprocess.run([*manage, "hoso_setup", "--demo", "--demo-people", str(DEMO_PEOPLE)], env=env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
        with _admin_connection() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module. Playwright's synchronous API keeps an event loop marked as
    running in the main thread while it is open; closing it with the module keeps that loop
    from leaking into later tests that run asyncio themselves (pyHanko's signing and
    validation)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="vi-VN")  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
