"""The class of every hoso task: run in the province whose schema the message carries
(tenant-schemas-celery), and done once even when the broker delivers the message again.

hoso's workers acknowledge a task only once it has finished (production settings), so a worker
stopped or lost mid-task leaves it queued for the next: at least once. The other half, at most
once, is kept here: a task that ran to its end is recorded by its id, in the same worker process
before the acknowledgement is sent, and a later delivery of that id is skipped. Redis needs it:
a task that finishes while its worker is stopping is never acknowledged and is put back on the
queue as the worker leaves (celery#3802).

Not covered: two deliveries running at the same time (Redis hands a message to a second worker
only after its visibility timeout, an hour by default), and a worker killed between the task's
own commit and the record (the task runs again: the daily work is written to be re-run).
"""

import logging
from datetime import timedelta
from typing import Any

from django.utils import timezone
from tenant_schemas_celery.task import TenantTask

logger = logging.getLogger(__name__)

# Long past any redelivery: Redis redelivers an unacknowledged message after its visibility
# timeout (an hour), RabbitMQ when the consumer's channel closes or after its consumer timeout
# (30 minutes by default).
FINISHED_TASKS_KEPT = timedelta(days=7)


class ProvinceTask(TenantTask):
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        task_id = self.request.id
        if not task_id:
            # Called as a plain function, outside any worker: nothing was delivered.
            return super().__call__(*args, **kwargs)
        # A worker (or `apply`) traces the task: its request is already pushed, as when Celery
        # calls `run` itself for a task class without its own `__call__`.
        if self.request.is_eager:
            return self.run(*args, **kwargs)
        if finished_task_exists(task_id=task_id):
            logger.warning("Task %s[%s] already finished: delivered again, not done twice", self.name, task_id)
            return None
        result = self.run(*args, **kwargs)
        finished_task_record(task_id=task_id, name=self.name)
        return result


def finished_task_exists(*, task_id: str) -> bool:
    from tenants.models import FinishedTask

    return FinishedTask.objects.filter(task_id=task_id).exists()


def finished_task_record(*, task_id: str, name: str) -> None:
    from tenants.models import FinishedTask

    FinishedTask.objects.bulk_create([FinishedTask(task_id=task_id, name=name[:200])], ignore_conflicts=True)


def finished_tasks_forget() -> int:
    """The records older than any redelivery, deleted; how many."""
    from tenants.models import FinishedTask

    deleted, _ = FinishedTask.objects.filter(finished_at__lt=timezone.now() - FINISHED_TASKS_KEPT).delete()
    return deleted
