from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.base.errors import ApplicationError
from core.operations.first_sign_in import first_sign_in_url
from core.operations.onboarding import province_onboard
from tenants.services import province_domain


class Command(BaseCommand):
    help = "Khởi tạo một tỉnh: schema, tên miền và tài khoản quản trị Sở Nội vụ đầu tiên (chạy lại không thay đổi gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="mã tỉnh, ví dụ lao-cai")
        parser.add_argument("--name", required=True, help="tên tỉnh, ví dụ Lào Cai")
        parser.add_argument("--official-name", default="", help="tên đầy đủ, ví dụ Tỉnh Lào Cai")
        parser.add_argument("--subdomain", required=True, help="tên miền con, ví dụ laocai")
        parser.add_argument("--preset", default="baseline",
                            help="bộ quy tắc mẫu: baseline (Thông tư 06/2023/TT-BNV), mã tỉnh mẫu (ví dụ lao-cai) "
                                 "hoặc copy:<mã tỉnh> để sao chép quy chế hiện hành của một tỉnh")
        parser.add_argument("--tech-agency", default="", help="cơ quan phụ trách hạ tầng CNTT của tỉnh")
        parser.add_argument("--port", default="", help="cổng trong liên kết đăng nhập (khi chạy thử, ví dụ 8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = province_onboard(
                code=options["code"],
                name=options["name"],
                official_name=options["official_name"] or f"Tỉnh {options['name']}",
                subdomain=options["subdomain"],
                rule_preset=options["preset"],
                tech_agency=options["tech_agency"],
            )
        except ApplicationError as error:
            details = "; ".join(f"{field}: {msg}" for field, msg in error.extra.get("fields", {}).items())
            raise CommandError(f"{error.message} {details}".strip()) from error
        verb = "Đã khởi tạo" if result.created else "Đã có sẵn, không thay đổi"
        self.stdout.write(f"{verb}: {result.province.name} tại http://{province_domain(options['subdomain'])}/")
        if result.admin_sign_in_token:
            link = first_sign_in_url(domain=province_domain(options["subdomain"]), token=result.admin_sign_in_token,
                                     port=options["port"])
            self.stdout.write(
                f"Tài khoản quản trị Sở Nội vụ: {result.admin_username}. Liên kết đặt mật khẩu "
                f"(dùng một lần, hiệu lực 3 ngày; chỉ hiển thị lần này): {link}"
            )
