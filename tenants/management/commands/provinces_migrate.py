import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.schema_migrations import provinces_migrate
from tenants.spares import spares_fill


class Command(BaseCommand):
    help = ("Cập nhật cấu trúc dữ liệu: schema public, rồi schema mẫu và mọi tỉnh song song; tỉnh lỗi được "
            "ghi nhận (bảng điều khiển hiển thị) mà không dừng các tỉnh khác.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--processes", type=int, default=None,
                            help="số tiến trình song song (mặc định TENANT_MULTIPROCESSING_MAX_PROCESSES)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        # Public first and alone: every province depends on it, so its failure stops the run.
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        results = provinces_migrate(acting_user=None, processes=options["processes"])
        for result in results:
            mark = "ok " if result.ok else "LỖI"
            self.stdout.write(f"{mark} {result.schema_name:<24} {result.seconds:6.1f} giây  {result.error}".rstrip())
        failed = [r.schema_name for r in results if not r.ok]
        if not failed:
            # Spares built before this run lack its migrations: made again from the template.
            filled = spares_fill()
            self.stdout.write(f"{filled.ready} bản sao dự phòng sẵn sàng ({filled.made} bản mới, "
                              f"{filled.dropped} bản cũ đã xoá).")
        summary = f"{len(results) - len(failed)}/{len(results)} schema thành công trong {time.monotonic() - started:.1f} giây."
        if failed:
            raise CommandError(f"{summary} Lỗi: {', '.join(failed)}.")
        self.stdout.write(summary)
