"""A task queued inside a province runs in that province's schema, whatever the worker's."""

from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context, tenant_context
from hoso.celery import app

from core.base.audit.models import AuditEvent
from tenants.models import Province
from tenants.tasks import province_heartbeat, provinces_dispatch

pytestmark = pytest.mark.django_db


def _drain_queue() -> list[Any]:
    """Take every queued message off the (in-memory) broker, as a worker would."""
    messages = []
    with app.connection_for_read() as conn:
        queue = conn.SimpleQueue("celery")
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            message.ack()
            messages.append(message)
        queue.close()
    return messages


def _run_as_worker(message: Any) -> None:
    """Execute a message with the worker's connection in `public`, as a fresh worker has it."""
    connection.set_schema_to_public()
    args, kwargs, _ = message.decode()
    app.tasks[message.headers["task"]].apply(args=args, kwargs=kwargs, headers=message.headers)


def test_a_task_queued_from_lao_cai_writes_into_lao_cai_only(lao_cai: Province, lai_chau: Province) -> None:
    _drain_queue()
    with tenant_context(lao_cai):
        province_heartbeat.delay("từ Lào Cai")
    [message] = _drain_queue()
    assert message.headers["_schema_name"] == "lao_cai"
    _run_as_worker(message)
    with tenant_context(lao_cai):
        assert AuditEvent.objects.filter(detail__note="từ Lào Cai").count() == 1
    with tenant_context(lai_chau):
        assert not AuditEvent.objects.filter(detail__note="từ Lào Cai").exists()
    with schema_context("public"):
        assert not AuditEvent.objects.filter(detail__note="từ Lào Cai").exists()


def test_periodic_work_fans_out_to_every_active_ready_province(lao_cai: Province, son_la: Province) -> None:
    """The scheduler's task starts in `public` and queues one task per province; a suspended
    province and one whose migrations are not done get nothing."""
    son_la.status = "suspended"
    son_la.save(update_fields=["status"])
    Province.objects.filter(code="lai-chau").update(is_ready=False)
    _drain_queue()
    queued = provinces_dispatch(task_name="tenants.tasks.province_heartbeat")
    assert sorted(queued) == ["binh_thuan", "lao_cai", "tuyen_quang"]
    messages = _drain_queue()
    assert sorted(m.headers["_schema_name"] for m in messages) == sorted(queued)
    for message in messages:
        _run_as_worker(message)
    for code, expected in [("lao-cai", 1), ("son-la", 0), ("lai-chau", 0), ("tuyen-quang", 1)]:
        with tenant_context(Province.objects.get(code=code)):
            assert AuditEvent.objects.filter(action="system.heartbeat").count() == expected, code
