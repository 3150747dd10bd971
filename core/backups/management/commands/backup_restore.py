from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backups.selectors import backup_get
from core.backups.services import backup_restore
from core.base.errors import ApplicationError


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào một lược đồ MỚI, rồi đối chiếu số dòng và dấu kiểm từng bảng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backup", type=int, required=True, help="mã lần sao lưu")
        parser.add_argument("--schema", required=True, help="tên lược đồ mới, chưa tồn tại")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(acting_user=None, backup=backup_get(backup_id=options["backup"]),
                                    target_schema=options["schema"])
        except ApplicationError as error:
            fields = error.extra.get("fields", {})
            raise CommandError(" ".join([error.message, *fields.values()])) from error
        tables = len(result.backup.table_stats)
        if not result.verification.ok:
            raise CommandError(f"Đã khôi phục vào “{result.schema}” nhưng dữ liệu không khớp: "
                               f"{', '.join(result.verification.mismatches)}.")
        self.stdout.write(f"Đã khôi phục vào “{result.schema}”: {tables} bảng khớp số dòng và dấu kiểm.")
