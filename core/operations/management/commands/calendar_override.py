from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import tenant_context

from core.base.errors import ApplicationError
from rules.services import (
    calendar_override_remove,
    calendar_override_set,
    national_calendar_override_remove,
    national_calendar_override_set,
)
from tenants.models import Province


class Command(BaseCommand):
    help = "Thêm ngày nghỉ hoặc ngày làm bù cho cả nước, hoặc cho một tỉnh (--province)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", required=True, help="YYYY-MM-DD")
        parser.add_argument("--working", action="store_true", help="ngày làm bù (mặc định: ngày nghỉ)")
        parser.add_argument("--reason", default="", help="lý do (khi bỏ: lý do bỏ), ví dụ số văn bản thông báo")
        parser.add_argument("--remove", action="store_true", help="bỏ điều chỉnh đã nhập cho ngày này")
        parser.add_argument("--legal-basis", default="")
        parser.add_argument("--province", help="mã tỉnh; bỏ trống để áp dụng toàn quốc")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["day"])
        except ValueError:
            raise CommandError(f"Ngày “{options['day']}” không hợp lệ; dùng dạng YYYY-MM-DD.") from None
        values = {"day": day, "working": options["working"], "reason": options["reason"], "legal_basis": options["legal_basis"]}
        if options["remove"]:
            self._remove(day, options["province"], options["reason"])
            return
        try:
            if options["province"]:
                with tenant_context(_province(options["province"])):
                    calendar_override_set(acting_user=None, **values)
            else:
                national_calendar_override_set(acting_user=None, **values)
        except ApplicationError as error:
            raise _command_error(error) from error
        self.stdout.write(f"Đã lưu điều chỉnh ngày {day:%d/%m/%Y}.")

    def _remove(self, day: date, province_code: str | None, reason: str) -> None:
        try:
            if province_code:
                with tenant_context(_province(province_code)):
                    calendar_override_remove(acting_user=None, day=day)
            else:
                national_calendar_override_remove(acting_user=None, day=day, reason=reason)
        except ApplicationError as error:
            raise _command_error(error) from error
        self.stdout.write(f"Đã bỏ điều chỉnh ngày {day:%d/%m/%Y}.")


def _province(code: str) -> Province:
    province = Province.objects.filter(code=code).exclude(schema_name="public").first()
    if province is None:
        raise CommandError(f"Không có tỉnh “{code}”.")
    return province


def _command_error(error: ApplicationError) -> CommandError:
    return CommandError("; ".join(error.extra.get("fields", {}).values()) or error.message)
