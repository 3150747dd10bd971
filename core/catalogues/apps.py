from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    name = "core.catalogues"
    label = "catalogues"
    verbose_name = "Danh mục dùng chung"
