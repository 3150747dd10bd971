from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "core.approvals"
    label = "approvals"
    verbose_name = "Phê duyệt dữ liệu hằng tháng"
