"""The daily duty run of one province: first every duty with a due date is made a tracked item
(the year's scheduled reports, the monthly approvals of the windows open today, the month's
backup, the career events due within a year), then late ones are marked and reminders sent, and
the month's reminder about incomplete dossiers goes out once.
Each step is idempotent: a second run on the same day opens, closes and sends nothing."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from core.approvals.services.duties import approval_duties_ensure
from core.backups.duties import backup_duty_ensure
from core.careers.services import career_duties_ensure
from core.reports.services import report_schedule_ensure, statistics_writes_forget
from core.transfers.services.incomplete_reminders import incomplete_dossiers_remind
from core.transfers.services.reminders import duties_remind


@dataclass(frozen=True)
class DailyResult:
    reports_scheduled: int
    approval_duties_opened: int
    approval_duties_closed: int
    windows_announced: int
    marked_late: int
    sent: int
    career_duties_opened: int = 0
    incomplete_reminded: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"reports_scheduled": self.reports_scheduled, "approval_duties_opened": self.approval_duties_opened,
                "approval_duties_closed": self.approval_duties_closed, "windows_announced": self.windows_announced,
                "marked_late": self.marked_late, "sent": self.sent, "career_duties_opened": self.career_duties_opened,
                "incomplete_reminded": self.incomplete_reminded}


def duties_daily_run(*, today: date | None = None) -> DailyResult:
    """Reports, approvals, backup, then reminders: in that order, so that a duty opened today
    is already late-marked and reminded about today."""
    today = today or timezone.localdate()
    scheduled = report_schedule_ensure(year=today.year)
    approvals = approval_duties_ensure(today=today)
    backup_duty_ensure(today=today)
    careers = career_duties_ensure(today=today)
    reminded = duties_remind(today=today)
    incomplete = incomplete_dossiers_remind(today=today)
    statistics_writes_forget()
    return DailyResult(reports_scheduled=scheduled, approval_duties_opened=approvals.opened,
                       approval_duties_closed=approvals.closed, windows_announced=approvals.announced,
                       marked_late=reminded.marked_late, sent=reminded.sent, career_duties_opened=careers.opened,
                       incomplete_reminded=incomplete.people + incomplete.officers)
