from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "core.transfers"
    label = "transfers"
    verbose_name = "Chuyển giao, tiếp nhận hồ sơ và theo dõi thời hạn"
