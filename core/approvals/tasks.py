"""Delivering the outbox. Queued after a DoHA approval commits (in the province's schema,
carried in the task's headers), and meant to be fanned out periodically by
`tenants.tasks.provinces_dispatch` so that nothing waits on a lost message."""

from celery import shared_task
from django.utils import timezone

from core.approvals.services.sync import sync_packets_deliver
from core.base.background import celery_app_load

celery_app_load()  # the project's app, before its tasks are defined or sent


@shared_task(name="approvals.tasks.sync_packets_deliver", bind=True)
def sync_packets_deliver_task(self) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """One pass over the due packets; while some wait, queue the next pass for when the first
    one is due (back-off comes from each packet's `next_attempt_at`)."""
    report = sync_packets_deliver()
    if report.next_due is not None:
        countdown = max(1, int((report.next_due - timezone.now()).total_seconds()) + 1)
        self.apply_async(countdown=countdown)
    return {"accepted": len(report.accepted), "rejected": len(report.rejected), "retry": len(report.retry)}


@shared_task(name="approvals.tasks.resume_batch_build")
def resume_batch_build_task(batch_id: int) -> dict[str, int]:
    """Build one bulk résumé ZIP (in the province's schema, carried in the task's headers)."""
    from core.approvals.services.resume_batches import resume_batch_build

    batch = resume_batch_build(batch_id=batch_id)
    return {"batch": batch.pk, "people": batch.done}
