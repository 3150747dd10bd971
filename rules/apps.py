from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RulesConfig(AppConfig):
    name = "rules"
    verbose_name = "Quy chế của tỉnh"

    def ready(self) -> None:
        from core.base.memo import request_memo_forget
        from rules.models import ProvinceCalendarOverride, RuleVersion
        from rules.national.models import CalendarOverride

        # A rule or a calendar day changed: a request's memo of them is stale (core/base/memo.py).
        for model in (RuleVersion, ProvinceCalendarOverride, CalendarOverride):
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(request_memo_forget, sender=model, dispatch_uid=f"rules.memo.{name}.{model.__name__}")
