from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.base.errors import ApplicationError
from core.operations.merger.report import merger_summary_lines
from core.operations.merger.services import (
    DEFAULT_BASIS,
    merger_confirm,
    merger_get,
    merger_plan,
    merger_run,
)
from tenants.models import MergerState, ProvinceMerger


class Command(BaseCommand):
    help = ("Sáp nhập tỉnh --from vào tỉnh --into: chạy thử (--dry-run), thực hiện (chạy lại an toàn sau khi "
            "bị ngắt), rồi --confirm để sao lưu lần cuối và xoá dữ liệu tỉnh cũ.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, help="mã tỉnh sáp nhập, ví dụ binh-thuan")
        parser.add_argument("--into", dest="target", required=True, help="mã tỉnh nhận, ví dụ lam-dong")
        parser.add_argument("--effective-date", default="", help="ngày hiệu lực (YYYY-MM-DD), mặc định hôm nay")
        parser.add_argument("--basis", default=DEFAULT_BASIS, help="căn cứ pháp lý")
        parser.add_argument("--root-name", default="", help="tên mới của tổ chức tỉnh cũ trong cây của tỉnh nhận")
        parser.add_argument("--dry-run", action="store_true", help="chỉ chạy thử: kiểm tra và đếm, không chuyển gì")
        parser.add_argument("--confirm", action="store_true",
                            help="xác nhận sau khi kiểm tra khớp: sao lưu lần cuối rồi xoá dữ liệu tỉnh cũ")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["confirm"]:
                merger = self._latest(options["source"], options["target"])
                merger = merger_confirm(merger=merger, acting_user=None)
            else:
                merger = self._planned_or_resumed(options)
                if not options["dry_run"]:
                    merger = merger_run(merger=merger, acting_user=None)
        except ApplicationError as error:
            details = "; ".join(f"{field}: {msg}" for field, msg in error.extra.get("fields", {}).items())
            raise CommandError(f"{error.message} {details}".strip()) from error
        self.stdout.write("\n".join(merger_summary_lines(merger)))
        if merger.state == MergerState.PLANNED and merger.plan.get("errors"):
            raise CommandError("Chạy thử có lỗi: chưa sáp nhập.")

    def _latest(self, source: str, target: str) -> ProvinceMerger:
        merger = (ProvinceMerger.objects.filter(source__code=source, target__code=target)
                  .exclude(state=MergerState.CONFIRMED).first())
        if merger is None:
            raise CommandError(f"Không có lần sáp nhập {source} → {target} đang chờ xác nhận.")
        return merger_get(merger_id=merger.pk)

    def _planned_or_resumed(self, options: dict[str, Any]) -> ProvinceMerger:
        """A merger that already started resumes; otherwise (re-)plan it."""
        started = (ProvinceMerger.objects.filter(source__code=options["source"], target__code=options["target"])
                   .exclude(state__in=[MergerState.PLANNED, MergerState.CONFIRMED]).first())
        if started is not None:
            return merger_get(merger_id=started.pk)
        try:
            effective_on = date.fromisoformat(options["effective_date"]) if options["effective_date"] else date.today()
        except ValueError as error:
            raise CommandError(f"Ngày hiệu lực “{options['effective_date']}” không hợp lệ (dạng YYYY-MM-DD).") from error
        return merger_plan(source_code=options["source"], target_code=options["target"], effective_on=effective_on,
                           basis=options["basis"], source_root_name=options["root_name"], acting_user=None)
