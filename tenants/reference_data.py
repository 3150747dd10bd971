"""National reference data the operators keep in `public`: the calendar's national overrides.

Adding uses rules.services.national_calendar_override_set; removing lives here, beside the
console that needs it."""

from datetime import date

from django.db import transaction

from core.accounts.models import Account
from core.audit.services import audit_record
from core.exceptions import NotFoundError
from rules.national.models import CalendarOverride


def national_calendar_overrides() -> list[CalendarOverride]:
    return list(CalendarOverride.objects.order_by("day"))


def national_calendar_override_remove(*, acting_user: Account | None, day: date) -> None:
    """Withdraw a national adjustment of `day`; the ordinary calendar applies again everywhere."""
    with transaction.atomic():
        deleted, _ = CalendarOverride.objects.filter(day=day).delete()
        if not deleted:
            raise NotFoundError(f"Không có điều chỉnh toàn quốc cho ngày {day:%d/%m/%Y}.")
        audit_record(acting_user=acting_user, action="rules.national_calendar_override_remove", target=str(day))
