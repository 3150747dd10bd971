from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.catalogues.datafiles import DATA_DIR, DataFileError
from core.catalogues.services import catalogues_load


class Command(BaseCommand):
    help = (
        "Nạp các danh mục dùng chung (dân tộc, tôn giáo, ngạch, chức danh, đơn vị hành chính…) vào schema public; "
        "chạy lại không thay đổi gì. Trường người vận hành đã sửa trên bảng điều khiển được giữ nguyên."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="thư mục tệp dữ liệu (mặc định: core/catalogues/data)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = catalogues_load(data_dir=options["data_dir"])
        except DataFileError as error:
            raise CommandError(f"{error} Không nạp mục nào.") from error
        for count in counts:
            self.stdout.write(
                f"{count.label}: {count.total} mục (thêm {count.created}, cập nhật {count.updated}, "
                f"không đổi {count.unchanged})"
            )
            if count.kept:
                self.stdout.write(f"  giữ giá trị người vận hành đã sửa, khác với tệp: {'; '.join(count.kept)}")
