from django.apps import AppConfig


class NationalCalendarConfig(AppConfig):
    name = "rules.national"
    label = "rules_national"
    verbose_name = "Lịch làm việc toàn quốc"
