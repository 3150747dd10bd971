import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.catalogues.services import catalogues_ensure_loaded
from core.operations.demo.services import DEMO_PASSWORD, DEMO_PROVINCES
from core.operations.onboarding import province_onboard
from tenants.models import ProvinceStatus
from tenants.services import platform_ensure, province_domain


class Command(BaseCommand):
    help = "Thiết lập nền tảng và (với --demo) năm tỉnh mẫu; chạy lại không thay đổi gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="khởi tạo năm tỉnh mẫu kèm dữ liệu mẫu")
        parser.add_argument("--demo-people", type=int, default=0, metavar="N",
                            help="thêm N người mẫu vào mỗi tỉnh mẫu khi tạo tỉnh (make run: 1500)")

    def handle(self, *args: Any, **options: Any) -> None:
        platform_ensure()
        catalogues_ensure_loaded()
        if not options["demo"]:
            return
        from core.operations.demo.data import demo_populate
        from core.operations.demo.history import demo_history_ensure
        from core.operations.demo.population import demo_writes_flush
        from core.operations.demo.signing import demo_signing_keys_ensure

        port = os.environ.get("PORT", "8000")
        lines = []
        for demo in DEMO_PROVINCES:
            result = province_onboard(
                code=demo.code, name=demo.name, official_name=demo.official_name, subdomain=demo.subdomain,
                rule_preset=demo.code,
            )
            if result.province.status == ProvinceStatus.MERGED:
                lines.append(f"  {demo.name:<12} đã sáp nhập vào tỉnh khác: địa chỉ cũ chuyển hướng.")
                continue
            personas = demo_populate(result.province, people=options["demo_people"])
            demo_signing_keys_ensure(result.province)  # every approver, DoHA admin and agency signs
            if options["demo_people"]:  # past months approved, transfers and duties in every state
                demo_history_ensure(result.province)
            lines.append(f"  {demo.name:<12} http://{province_domain(demo.subdomain)}:{port}/")
            lines.extend(f"      {persona}" for persona in personas)
        if options["demo_people"]:
            demo_writes_flush()
        self.stdout.write("hoso đã sẵn sàng. Bảng điều khiển: http://localhost:" + port + "/"
                          " (người vận hành: python manage.py operator_create --username <tên>)")
        self.stdout.write("\n".join(lines))
        self.stdout.write(f"Mật khẩu của mọi tài khoản mẫu: {DEMO_PASSWORD}")
