"""The backup pages: a province's DoHA sees its own runs only and can back up now; an employee
gets "not found"; an operator restores a backup into a new schema from the console and sees
every table match, and is refused, beside the field, a schema that already exists."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from core.backups import postgres
from core.backups.models import BackupRun, BackupStatus
from core.backups.services import backup_run
from core.base.audit.models import AuditEvent
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.operators import operator_create
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.conftest import personas_of
from tests.core.operations.conftest import console_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(db: None) -> Client:
    """An operator's browser on the console, signed in with both factors."""
    return console_sign_in(operator_create(username="vanhanh.an", full_name="Nguyễn Văn An"))


def _recorded(province: Province, checksum: str, **extra: object) -> BackupRun:
    """A run as the daily check records it (no file needed to list it)."""
    started = timezone.now() - timedelta(hours=1)
    fields = {"status": BackupStatus.OK, "finished_at": started + timedelta(seconds=2), "duration": timedelta(seconds=2),
              "size_bytes": 3_100_000, "checksum": checksum, "storage_key": f"backups/{province.schema_name}/x.dump.enc",
              "expires_on": (started + timedelta(days=92)).date(), **extra}
    with schema_context("public"):
        return BackupRun.objects.create(province=province, started_at=started, **fields)


def _browser(province: Province, persona: str) -> Client:
    with tenant_context(province):
        account = getattr(personas_of(province), persona)
    return sign_in(province, account.username, DEMO_PASSWORD)


def _schemas() -> set[str]:
    with postgres.side_connection(autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT nspname FROM pg_namespace").fetchall()}


def test_the_doha_sees_lao_cai_runs_and_none_of_lai_chau(lao_cai: Province, lai_chau: Province) -> None:
    mine = _recorded(lao_cai, "a" * 64, drilled_at=timezone.now(), drill_ok=True)
    theirs = _recorded(lai_chau, "b" * 64)

    page = _browser(lao_cai, "doha").get("/sao-luu/")

    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="run-{mine.pk}"' in html and mine.checksum in html
    assert "đạt" in html and "Toàn tỉnh" in html and "Thành công" in html
    assert f'id="run-{theirs.pk}"' not in html and theirs.checksum not in html


def test_the_banner_shows_a_failed_backup_of_the_month(lao_cai: Province) -> None:
    _recorded(lao_cai, "", status=BackupStatus.FAILED, error="Không tìm thấy pg_dump của PostgreSQL 16.")

    html = _browser(lao_cai, "doha").get("/sao-luu/").content.decode()

    assert 'id="backup-missing"' in html
    assert "Không tìm thấy pg_dump của PostgreSQL 16." in html


def test_the_doha_backs_up_now_and_the_service_logs_it(lao_cai: Province) -> None:
    doha = _browser(lao_cai, "doha")

    response = doha.post("/sao-luu/sao-luu-ngay/")

    assert response.status_code == 302
    with schema_context("public"):
        run = BackupRun.objects.get(province=lao_cai)
    assert run.status == BackupStatus.OK and run.requested_by == "snv.quantri"
    with tenant_context(lao_cai):
        assert AuditEvent.objects.filter(action="backup.run", target=f"lao-cai/{run.pk}").exists()
    html = doha.get("/sao-luu/").content.decode()
    assert run.checksum in html and 'id="backup-missing"' not in html


@pytest.mark.parametrize("persona", ["employee", "agency_admin"])
def test_anyone_but_the_doha_gets_not_found(lao_cai: Province, persona: str) -> None:
    _recorded(lao_cai, "c" * 64)
    browser = _browser(lao_cai, persona)

    assert browser.get("/sao-luu/").status_code == 404
    assert browser.post("/sao-luu/sao-luu-ngay/").status_code == 404
    with schema_context("public"):
        assert BackupRun.objects.filter(province=lao_cai).count() == 1


def test_the_console_lists_every_province_latest_run(console: Client, lao_cai: Province, son_la: Province) -> None:
    run = _recorded(son_la, "d" * 64, drilled_at=timezone.now(), drill_ok=False)

    home = console.get("/van-hanh/sao-luu/").content.decode()
    assert 'id="province-son-la"' in home and 'id="province-lao-cai"' in home and "không đạt" in home
    runs = console.get("/van-hanh/sao-luu/son-la/").content.decode()
    assert f'id="run-{run.pk}"' in runs and f"/van-hanh/sao-luu/son-la/khoi-phuc/?ban={run.pk}" in runs
    assert console.get("/van-hanh/sao-luu/khong-co/").status_code == 404


def test_an_operator_restores_son_la_into_a_new_schema_and_sees_matching_counts(
    console: Client, son_la: Province, new_schema
) -> None:
    run = backup_run(acting_user=None, province=son_la)
    assert run.status == BackupStatus.OK, run.error
    form = console.get(f"/van-hanh/sao-luu/son-la/khoi-phuc/?ban={run.pk}")
    assert form.status_code == 200

    page = console.post("/van-hanh/sao-luu/son-la/khoi-phuc/",
                        {"backup": run.pk, "schema": new_schema("test_console_restore_sl")})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Dữ liệu khớp" in html and "không khớp" not in html
    assert html.count("<td>khớp</td>") == len(run.table_stats) > 10
    assert f"<td>{run.table_stats['core_person']['rows']}</td>" in html
    assert postgres.schema_stats("test_console_restore_sl") == run.table_stats
    with schema_context("public"):
        assert AuditEvent.objects.filter(action="backup.restore", target=f"son-la/{run.pk}",
                                         actor_label="vanhanh.an").exists()


def test_restoring_onto_an_existing_schema_is_refused_and_creates_nothing(console: Client, son_la: Province) -> None:
    run = backup_run(acting_user=None, province=son_la)
    before = _schemas()

    page = console.post("/van-hanh/sao-luu/son-la/khoi-phuc/", {"backup": run.pk, "schema": "lai_chau"})

    assert page.status_code == 200
    html = page.content.decode()
    field = html[html.index('id="field-schema"'):]
    assert field[:field.index("</div>")].count("Lược đồ “lai_chau” đã tồn tại; khôi phục chỉ vào một lược đồ mới.") == 1
    assert _schemas() == before
    with schema_context("public"):
        assert not AuditEvent.objects.filter(action="backup.restore").exists()


def test_a_tampered_file_is_refused_beside_the_backup(console: Client, son_la: Province, new_schema) -> None:
    run = backup_run(acting_user=None, province=son_la)
    BackupRun.objects.filter(pk=run.pk).update(checksum="0" * 64)

    html = console.post("/van-hanh/sao-luu/son-la/khoi-phuc/",
                        {"backup": run.pk, "schema": new_schema("test_console_tampered")}).content.decode()

    field = html[html.index('id="field-backup"'):]
    assert "không khớp mã kiểm tra SHA-256 đã ghi: tệp đã bị thay đổi." in field[:field.index("</div>")]
    assert not postgres.schema_exists("test_console_tampered")


def test_the_api_lists_the_provinces_runs_for_its_doha_only(lao_cai: Province, lai_chau: Province) -> None:
    """GET /api/v1/backups/: the DoHA of Lào Cai sees Lào Cai's runs, none of Lai Châu's; an
    employee gets the answer of a missing page."""
    mine = _recorded(lao_cai, "c" * 64)
    _recorded(lai_chau, "d" * 64)
    rows = _browser(lao_cai, "doha").get("/api/v1/backups/").json()
    assert [row["checksum"] for row in rows] == [mine.checksum]
    assert rows[0]["status"] == "ok" and rows[0]["size_bytes"] == 3_100_000
    refused = _browser(lao_cai, "employee").get("/api/v1/backups/")
    assert refused.status_code == 404
    assert refused.json()["message"] == "Không tìm thấy."


def test_the_api_backs_up_now_and_the_run_is_logged(lao_cai: Province) -> None:
    response = _browser(lao_cai, "doha").post("/api/v1/backups/")
    assert response.status_code == 201
    assert response.json()["status"] == "ok"
    with schema_context("public"):
        assert BackupRun.objects.filter(province=lao_cai, status=BackupStatus.OK).count() == 1
    with tenant_context(lao_cai):
        assert AuditEvent.objects.filter(action="backup.run").exists()
