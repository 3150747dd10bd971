from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import tenant_context

from core.approvals.key_store import key_store_locked, province_ca_ensure, seal_issue
from core.models import OrgUnit
from tenants.context import province_by_code


class Command(BaseCommand):
    help = ("Tạo chữ ký số (con dấu) thử nghiệm của một cơ quan, đơn vị, do CA thử nghiệm của tỉnh cấp "
            "(tạo CA nếu chưa có). Chỉ dùng cho môi trường phát triển.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="mã tỉnh, ví dụ lao-cai")
        parser.add_argument("--unit", required=True, help="mã số (id) hoặc tên đúng của cơ quan, đơn vị")
        parser.add_argument("--days", type=int, default=365, help="thời hạn chứng thư số (ngày)")

    def handle(self, *args: Any, **options: Any) -> None:
        province = province_by_code(options["province"])
        if province is None:
            raise CommandError(f"Không có tỉnh “{options['province']}”.")
        with tenant_context(province):
            raw = str(options["unit"])
            units = OrgUnit.objects.filter(pk=int(raw)) if raw.isdigit() else OrgUnit.objects.filter(name=raw)
            unit = units.first()
            if unit is None or units.count() > 1:
                raise CommandError(f"Tỉnh {province.code} không có (đúng một) cơ quan, đơn vị “{raw}”.")
            with key_store_locked(province.schema_name) as folder:
                ca = province_ca_ensure(province_name=province.name, schema_name=province.schema_name)
                seal_issue(ca=ca, unit=unit, days=options["days"], schema_name=province.schema_name)
        self.stdout.write(f"{province.code}: chữ ký số của {unit.name} ở {folder}")
