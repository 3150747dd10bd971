from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "core.careers"
    label = "careers"
    verbose_name = "Diễn biến sự nghiệp: nâng lương, nghỉ hưu, bổ nhiệm"
