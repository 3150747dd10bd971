from datetime import timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.dev_ca import IssuedKey, ca_create, person_certificate_issue
from core.approvals.key_store import key_store_folder
from core.approvals.services.trust import trusted_ca_add
from core.base.accounts.models import Account
from tenants.context import Province, province_by_code


class Command(BaseCommand):
    help = ("Tạo CA thử nghiệm của tỉnh (nếu chưa có, và đưa vào danh sách tin cậy) và khóa ký số cho "
            "một tài khoản. Chỉ dùng cho môi trường phát triển.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="mã tỉnh, ví dụ lao-cai")
        parser.add_argument("--username", required=True, help="tên đăng nhập (số định danh cá nhân)")
        parser.add_argument("--days", type=int, default=365, help="thời hạn chứng thư số (ngày)")

    def handle(self, *args: Any, **options: Any) -> None:
        province = province_by_code(options["province"])
        if province is None:
            raise CommandError(f"Không có tỉnh “{options['province']}”.")
        with tenant_context(province):
            account = Account.objects.filter(username=options["username"]).first()
            if account is None:
                raise CommandError(f"Tỉnh {province.code} không có tài khoản “{options['username']}”.")
            folder = key_store_folder(province.schema_name)
            folder.mkdir(parents=True, exist_ok=True)
            ca = self._ca(folder, province)
            now = timezone.now()
            issued = person_certificate_issue(ca=ca, username=account.username, full_name=account.full_name,
                                              not_before=now - timedelta(minutes=5),
                                              not_after=now + timedelta(days=options["days"]))
            key_path = folder / f"{account.username}.key.pem"
            key_path.write_bytes(issued.key_pem())
            key_path.chmod(0o600)
            (folder / f"{account.username}.pem").write_text(issued.certificate_pem)
        self.stdout.write(f"{province.code}: khóa và chứng thư số của {account.username} ở {folder}")

    def _ca(self, folder, province: Province) -> IssuedKey:  # type: ignore[no-untyped-def]
        key_path, cert_path = folder / "ca.key.pem", folder / "ca.pem"
        if key_path.exists() and cert_path.exists():
            key = serialization.load_pem_private_key(key_path.read_bytes(), None)
            ca = IssuedKey(key=key, certificate=x509.load_pem_x509_certificate(cert_path.read_bytes()))  # type: ignore[arg-type]
        else:
            ca = ca_create(name=f"CA thử nghiệm hoso – {province.name}", now=timezone.now())
            key_path.write_bytes(ca.key_pem())
            key_path.chmod(0o600)
            cert_path.write_text(ca.certificate_pem)
        trusted_ca_add(acting_user=None, name=f"CA thử nghiệm hoso – {province.name}", certificate_pem=ca.certificate_pem)
        return ca
