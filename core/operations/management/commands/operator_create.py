from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from core.base.errors import ApplicationError
from core.operations.operators import operator_create


class Command(BaseCommand):
    help = ("Tạo tài khoản người vận hành (bảng điều khiển trên tên miền chính): in mật khẩu dùng một lần "
            "và địa chỉ cấu hình ứng dụng xác thực (TOTP).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="tên đăng nhập")
        parser.add_argument("--full-name", default="", help="họ và tên")

    def handle(self, *args: Any, **options: Any) -> None:
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # operators live only in public
        try:
            made = operator_create(username=options["username"], full_name=options["full_name"])
        except ApplicationError as error:
            details = "; ".join(error.extra.get("fields", {}).values())
            raise CommandError(details or error.message) from error
        self.stdout.write(f"Đã tạo người vận hành: {made.account.username}")
        self.stdout.write(f"Mật khẩu dùng một lần: {made.password} (đổi ngay khi đăng nhập lần đầu)")
        self.stdout.write("Thêm vào ứng dụng xác thực (Google Authenticator, FreeOTP…) bằng địa chỉ sau hoặc mã QR của nó:")
        self.stdout.write(made.provisioning_uri)
