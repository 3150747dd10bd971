from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backups.services import backup_restore_drill
from tenants.context import province_by_code


class Command(BaseCommand):
    help = "Diễn tập khôi phục: khôi phục bản sao lưu mới nhất vào lược đồ tạm, đối chiếu, rồi xóa."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="mã tỉnh")

    def handle(self, *args: Any, **options: Any) -> None:
        province = province_by_code(options["province"])
        if province is None:
            raise CommandError(f"Không có tỉnh “{options['province']}”.")
        verification = backup_restore_drill(province=province)
        if verification is None or not verification.ok:
            raise CommandError(f"Diễn tập khôi phục {province.name} không đạt.")
        self.stdout.write(f"Diễn tập khôi phục {province.name}: dữ liệu khớp.")
