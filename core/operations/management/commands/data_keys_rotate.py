"""`manage.py data_keys_rotate [--province CODE …]`: seal every province's sensitive values and
documents under the current HOSO_DATA_KEY (former secrets in HOSO_DATA_OLD_KEYS), verify, and
print the counts. Safe to stop and run again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.operations.data_keys import province_data_reseal
from tenants.context import province_by_code, province_list


class Command(BaseCommand):
    help = ("Mã hóa lại dữ liệu nhạy cảm và tài liệu của tỉnh bằng khóa hiện hành (HOSO_DATA_KEY), "
            "kiểm tra giải mã lại toàn bộ; chạy lại an toàn khi bị ngắt.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", action="append", default=[],
                            help="mã tỉnh (lặp lại cho nhiều tỉnh); bỏ trống: mọi tỉnh")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["province"]:
            provinces = []
            for code in options["province"]:
                province = province_by_code(code)
                if province is None or province.schema_name == "public":
                    raise CommandError(f"Không có tỉnh mã “{code}”.")
                provinces.append(province)
        else:
            provinces = list(province_list())
        for province in provinces:
            report = province_data_reseal(schema=province.schema_name)
            self.stdout.write(
                f"{province.code}: {report.values_checked} giá trị đã kiểm tra, {report.values_resealed} mã hóa lại, "
                f"{report.values_verified} giải mã lại đúng; {report.files_checked} tệp đã kiểm tra, "
                f"{report.files_resealed} mã hóa lại, {report.files_verified} giải mã lại đúng"
                + (f"; {len(report.files_missing)} tệp không tìm thấy" if report.files_missing else "") + "."
            )
