"""A task is done once: a message delivered again after its task finished is skipped, in the
worker's own code path (Celery's tracer, not `apply`)."""

from datetime import timedelta
from typing import Any

import pytest
from celery.app.trace import build_tracer
from django.utils import timezone
from django_tenants.utils import tenant_context
from hoso.celery import app

from core.base.audit.models import AuditEvent
from tenants.background import FINISHED_TASKS_KEPT, finished_tasks_forget
from tenants.models import FinishedTask, Province
from tenants.tasks import finished_tasks_forget_task, province_heartbeat

pytestmark = pytest.mark.django_db


def _deliver(task: Any, task_id: str, schema: str, **kwargs: Any) -> Any:
    """Run one delivery of a message as a worker does: traced, with the province in its headers."""
    tracer = build_tracer(task.name, task, app=app, eager=False, propagate=False)
    return tracer(task_id, [], kwargs, {"id": task_id, "headers": {"_schema_name": schema}})


def _heartbeats(province: Province, note: str) -> int:
    with tenant_context(province):
        return AuditEvent.objects.filter(action="system.heartbeat", detail__note=note).count()


def test_a_task_delivered_again_after_it_finished_is_not_done_again(lao_cai: Province) -> None:
    _deliver(province_heartbeat, "t-1", "lao_cai", note="lần đầu")
    _deliver(province_heartbeat, "t-1", "lao_cai", note="lần đầu")
    assert _heartbeats(lao_cai, "lần đầu") == 1
    assert FinishedTask.objects.get(task_id="t-1").name == "tenants.tasks.province_heartbeat"
    # Another message, another id: done.
    _deliver(province_heartbeat, "t-2", "lao_cai", note="lần đầu")
    assert _heartbeats(lao_cai, "lần đầu") == 2


def test_a_task_that_failed_is_done_again_when_delivered_again(lao_cai: Province, monkeypatch: pytest.MonkeyPatch) -> None:
    def database_gone(**kwargs: Any) -> None:
        raise ConnectionError("mất kết nối")

    monkeypatch.setattr("tenants.tasks.audit_record", database_gone)
    result = _deliver(province_heartbeat, "t-3", "lao_cai", note="thử lại")
    assert result.info.state == "FAILURE"
    assert not FinishedTask.objects.filter(task_id="t-3").exists()
    monkeypatch.undo()
    _deliver(province_heartbeat, "t-3", "lao_cai", note="thử lại")
    assert _heartbeats(lao_cai, "thử lại") == 1


def test_tasks_run_by_apply_or_called_directly_leave_no_record(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        province_heartbeat.apply(kwargs={"note": "tại chỗ"}, task_id="t-4")
        province_heartbeat(note="tại chỗ")
    assert _heartbeats(lao_cai, "tại chỗ") == 2
    assert not FinishedTask.objects.exists()


def test_records_older_than_any_redelivery_are_forgotten_daily() -> None:
    now = timezone.now()
    FinishedTask.objects.create(task_id="old", name="x", finished_at=now - FINISHED_TASKS_KEPT - timedelta(minutes=1))
    FinishedTask.objects.create(task_id="recent", name="x", finished_at=now - FINISHED_TASKS_KEPT + timedelta(hours=1))
    assert finished_tasks_forget() == 1
    assert list(FinishedTask.objects.values_list("task_id", flat=True)) == ["recent"]
    assert app.conf.beat_schedule["finished-tasks-forget-daily"]["task"] == finished_tasks_forget_task.name
