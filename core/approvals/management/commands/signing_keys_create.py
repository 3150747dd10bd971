from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import tenant_context

from core.approvals.key_store import key_store_locked, person_key_issue, province_ca_ensure
from core.base.accounts.models import Account
from tenants.context import province_by_code


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
            with key_store_locked(province.schema_name) as folder:
                ca = province_ca_ensure(province_name=province.name, schema_name=province.schema_name)
                person_key_issue(ca=ca, account=account, days=options["days"], schema_name=province.schema_name)
        self.stdout.write(f"{province.code}: khóa và chứng thư số của {account.username} ở {folder}")
