from typing import Any

from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Hồ sơ cán bộ, công chức, viên chức"

    def ready(self) -> None:
        from core.base.memo import request_memo_forget
        from core.models import ConsentGrant, Person, RoleGrant

        # A reading request keeps one memo of its repeated reads (core/base/memo.py).
        request_started.connect(_memo_open, dispatch_uid="core.memo.open")
        request_finished.connect(_memo_close, dispatch_uid="core.memo.close")
        for model in (RoleGrant, ConsentGrant, Person):
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(request_memo_forget, sender=model, dispatch_uid=f"core.memo.{name}.{model.__name__}")


def _memo_open(environ: dict[str, Any] | None = None, **_: object) -> None:
    from core.base.memo import request_memo_open

    request_memo_open(method=str((environ or {}).get("REQUEST_METHOD", "")))


def _memo_close(**_: object) -> None:
    from core.base.memo import request_memo_close

    request_memo_close()
