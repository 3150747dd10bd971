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


class MigrationState(models.TextChoices):
    OK = "ok", "Thành công"
    FAILED = "failed", "Lỗi"


class ProvinceMigrationState(models.Model):
    """The last migration run of one province's schema, as `provinces_migrate` recorded it.

    A failed run leaves the province not ready: its host shows the maintenance page until a
    later run succeeds (infra/operations.md)."""

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="migration_state")
    state = models.CharField("kết quả", max_length=10, choices=MigrationState.choices)
    ran_at = models.DateTimeField("chạy lúc")
    seconds = models.FloatField("thời gian (giây)", default=0)
    error = models.TextField("lỗi", blank=True)

    class Meta:
        verbose_name = "kết quả cập nhật cấu trúc dữ liệu"
        verbose_name_plural = "kết quả cập nhật cấu trúc dữ liệu"

    def __str__(self) -> str:
        return f"{self.province}: {self.get_state_display()}"
