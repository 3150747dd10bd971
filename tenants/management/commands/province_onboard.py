from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exceptions import ApplicationError
from tenants.services import province_domain, province_onboard


class Command(BaseCommand):
    help = "Khởi tạo một tỉnh: schema, tên miền và tài khoản quản trị Sở Nội vụ đầu tiên (chạy lại không thay đổi gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="mã tỉnh, ví dụ lao-cai")
        parser.add_argument("--name", required=True, help="tên tỉnh, ví dụ Lào Cai")
        parser.add_argument("--official-name", default="", help="tên đầy đủ, ví dụ Tỉnh Lào Cai")
        parser.add_argument("--subdomain", required=True, help="tên miền con, ví dụ laocai")
        parser.add_argument("--preset", default="baseline",
                            help="bộ quy tắc mẫu: baseline (Thông tư 06/2023/TT-BNV) hoặc mã tỉnh mẫu, ví dụ lao-cai")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = province_onboard(
                code=options["code"],
                name=options["name"],
                official_name=options["official_name"] or f"Tỉnh {options['name']}",
                subdomain=options["subdomain"],
                rule_preset=options["preset"],
            )
        except ApplicationError as error:
            details = "; ".join(f"{field}: {msg}" for field, msg in error.extra.get("fields", {}).items())
            raise CommandError(f"{error.message} {details}".strip()) from error
        verb = "Đã khởi tạo" if result.created else "Đã có sẵn, không thay đổi"
        self.stdout.write(f"{verb}: {result.province.name} tại http://{province_domain(options['subdomain'])}/")
        if result.admin_password:
            self.stdout.write(
                f"Tài khoản quản trị Sở Nội vụ: {result.admin_username} / {result.admin_password} "
                "(chỉ hiển thị một lần; đổi mật khẩu khi đăng nhập lần đầu)"
            )
