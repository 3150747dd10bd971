from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.backups.services import backup_prune
from tenants.context import Province, province_list


class Command(BaseCommand):
    help = "Xóa tệp sao lưu đã hết thời hạn lưu giữ (luôn giữ bản thành công gần nhất)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="mã tỉnh; bỏ trống: mọi tỉnh")
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD, mặc định hôm nay")

    def handle(self, *args: Any, **options: Any) -> None:
        provinces: list[Province] = list(province_list())
        if options["province"]:
            provinces = [p for p in provinces if p.code == options["province"]]
            if not provinces:
                raise CommandError(f"Không có tỉnh “{options['province']}”.")
        today = options["today"] or timezone.localdate()
        for province in provinces:
            pruned = backup_prune(province=province, today=today)
            self.stdout.write(f"{province.code}: đã xóa {len(pruned)} bản sao lưu hết hạn.")
