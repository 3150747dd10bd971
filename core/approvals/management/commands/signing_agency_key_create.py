from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.dev_ca import agency_certificate_issue
from core.approvals.key_store import key_store_folder
from core.approvals.management.commands.signing_keys_create import Command as PersonKeyCommand
from core.approvals.services.dossier_export import agency_key_name
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
            folder = key_store_folder(province.schema_name)
            folder.mkdir(parents=True, exist_ok=True)
            ca = PersonKeyCommand()._ca(folder, province)
            now = timezone.now()
            issued = agency_certificate_issue(ca=ca, name=unit.name, code=agency_key_name(unit.pk),
                                              not_before=now - timedelta(minutes=5),
                                              not_after=now + timedelta(days=options["days"]))
            stem = folder / agency_key_name(unit.pk)
            key_path = folder / f"{stem.name}.key.pem"
            key_path.write_bytes(issued.key_pem())
            key_path.chmod(0o600)
            (folder / f"{stem.name}.pem").write_text(issued.certificate_pem)
        self.stdout.write(f"{province.code}: chữ ký số của {unit.name} ở {folder}")
