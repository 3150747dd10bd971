from django.apps import AppConfig


class TechAgencyConfig(AppConfig):
    name = "core.tech_agency"
    label = "tech_agency"
    verbose_name = "cơ quan kỹ thuật"
    default_auto_field = "django.db.models.BigAutoField"
