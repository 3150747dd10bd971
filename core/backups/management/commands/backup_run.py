from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backups.models import BackupStatus
from core.backups.services import backup_run
from core.base.errors import ApplicationError
from tenants.context import province_by_code, province_list_for_background_work


class Command(BaseCommand):
    help = "Sao lưu dữ liệu một tỉnh (--province CODE) hoặc mọi tỉnh đang hoạt động (--all)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--province", help="mã tỉnh, ví dụ lao-cai")
        which.add_argument("--all", action="store_true")
        parser.add_argument("--unit", type=int, help="chỉ sao lưu người của một cơ quan, đơn vị (mã)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            provinces = list(province_list_for_background_work())
        else:
            provinces = [p for p in [province_by_code(options["province"])] if p is not None]
            if not provinces:
                raise CommandError(f"Không có tỉnh “{options['province']}”.")
        failed = 0
        for province in provinces:
            try:
                run = backup_run(acting_user=None, province=province, org_unit_id=options["unit"])
            except ApplicationError as error:
                raise CommandError(error.message) from error
            if run.status == BackupStatus.OK:
                self.stdout.write(f"{province.code}: #{run.pk} {run.size_bytes} byte, {run.duration}, "
                                  f"{run.storage_key}, sha256 {run.checksum}")
            else:
                failed += 1
                self.stderr.write(f"{province.code}: #{run.pk} thất bại: {run.error}")
        if failed:
            raise CommandError(f"{failed} bản sao lưu thất bại.")
