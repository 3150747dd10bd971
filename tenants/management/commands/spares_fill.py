from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tenants.spares import spares_fill, spares_wanted


class Command(BaseCommand):
    help = ("Chuẩn bị sẵn các bản sao dự phòng của schema mẫu để khởi tạo tỉnh mới tức thì; bản sao dựng "
            "theo cấu trúc dữ liệu cũ được xoá và làm lại.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=None,
                            help="số bản sao cần có sẵn (mặc định TENANT_SPARE_SCHEMAS)")

    def handle(self, *args: Any, **options: Any) -> None:
        count = spares_wanted() if options["count"] is None else options["count"]
        filled = spares_fill(count=count)
        self.stdout.write(f"{filled.ready} bản sao dự phòng sẵn sàng ({filled.made} bản mới, "
                          f"{filled.dropped} bản cũ đã xoá).")
