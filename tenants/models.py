from django.db import models
from django_tenants.models import DomainMixin, TenantMixin


class ProvinceStatus(models.TextChoices):
    ACTIVE = "active", "Đang hoạt động"
    SUSPENDED = "suspended", "Tạm dừng"
    ARCHIVED = "archived", "Lưu trữ (chỉ đọc)"


class Province(TenantMixin):
    """One province: one PostgreSQL schema, one subdomain, its own rules and people.

    The row whose schema is `public` stands for the platform itself (the operators' console).
    """

    code = models.SlugField("mã tỉnh", max_length=63, unique=True)
    name = models.CharField("tên tỉnh", max_length=100)
    official_name = models.CharField("tên đầy đủ", max_length=200)
    status = models.CharField(
        "trạng thái", max_length=20, choices=ProvinceStatus.choices, default=ProvinceStatus.ACTIVE
    )
    # Background work reaches a province only once its schema is fully migrated.
    is_ready = models.BooleanField("sẵn sàng", default=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    auto_create_schema = True

    class Meta:
        ordering = ["name"]
        verbose_name = "tỉnh"
        verbose_name_plural = "tỉnh"

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        from django_tenants.utils import get_public_schema_name

        return self.schema_name == get_public_schema_name()


class Domain(DomainMixin):
    class Meta:
        verbose_name = "tên miền"
        verbose_name_plural = "tên miền"

    def __str__(self) -> str:
        return self.domain
