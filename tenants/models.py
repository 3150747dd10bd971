from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import get_public_schema_name


class HostsForgettingQuerySet(models.QuerySet):
    """Bulk writes to provinces and domains make every process forget its host → province
    lookups (tenants/hosts.py); single saves and deletes do it through signals (tenants/apps.py)."""

    def update(self, **kwargs: Any) -> int:
        from tenants.hosts import province_hosts_forget

        province_hosts_forget()
        return super().update(**kwargs)

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        from tenants.hosts import province_hosts_forget

        province_hosts_forget()
        return super().bulk_update(*args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        from tenants.hosts import province_hosts_forget

        province_hosts_forget()
        return super().delete()


class ProvinceStatus(models.TextChoices):
    ACTIVE = "active", "Đang hoạt động"
    SUSPENDED = "suspended", "Tạm dừng"
    ARCHIVED = "archived", "Lưu trữ (chỉ đọc)"
    # Merged into another province (core.operations.merger.services): its host redirects there.
    MERGED = "merged", "Đã sáp nhập"


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
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_provinces",
        verbose_name="đã sáp nhập vào",
    )
    # Set when the operator confirmed a merger and the schema was dropped (after a final backup).
    schema_dropped_at = models.DateTimeField("đã xoá dữ liệu lúc", null=True, blank=True)
    # The announced maintenance window (Sơn La Art. 3.2: a pause for maintenance "có thông báo
    # cụ thể"): every page shows it from `maintenance_announced_at` until `maintenance_ends_at`,
    # and the maintenance page gives its end. Kept on the province row so the host lookup that
    # every request already makes carries it (tenants/hosts.py): no query per page.
    maintenance_announced_at = models.DateTimeField("thông báo bảo trì từ", null=True, blank=True)
    maintenance_starts_at = models.DateTimeField("bảo trì bắt đầu", null=True, blank=True)
    maintenance_ends_at = models.DateTimeField("bảo trì dự kiến kết thúc", null=True, blank=True)
    maintenance_message = models.CharField("nội dung thông báo bảo trì", max_length=500, blank=True)

    objects = HostsForgettingQuerySet.as_manager()

    auto_create_schema = True

    class Meta:
        ordering = ["name"]
        verbose_name = "tỉnh"
        verbose_name_plural = "tỉnh"

    def __str__(self) -> str:
        return self.name

    def create_schema(self, check_if_exists: bool = False, sync_schema: bool = True, verbosity: int = 1) -> bool:
        """A new province's schema is a spare copy of the template made ahead of time, renamed
        (tenants/spares.py), or else a copy of the migrated template (tenants/template.py) in
        two round trips; without a template (or with TENANT_CREATION_FAKES_MIGRATIONS off)
        django-tenants replays every migration."""
        from django.db import connection
        from django_tenants.utils import get_creation_fakes_migrations, schema_exists

        from tenants.spares import spare_claim, spares_wanted
        from tenants.template import template_clone, template_schema_name

        if not (sync_schema and get_creation_fakes_migrations() and schema_exists(template_schema_name())):
            return bool(super().create_schema(check_if_exists, sync_schema, verbosity))
        if check_if_exists and schema_exists(self.schema_name):
            return False
        if not (spares_wanted() and spare_claim(self.schema_name)):
            template_clone(self.schema_name)
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
        return True

    def maintenance_announced(self, now: datetime | None = None) -> bool:
        """Whether the maintenance window is announced to the province's users at `now`: from
        the announcement until the announced end."""
        if self.maintenance_announced_at is None or self.maintenance_ends_at is None:
            return False
        now = now or timezone.now()
        return self.maintenance_announced_at <= now < self.maintenance_ends_at

    def maintenance_under_way(self, now: datetime | None = None) -> bool:
        """Whether `now` lies inside the announced window itself."""
        if self.maintenance_starts_at is None or not self.maintenance_announced(now):
            return False
        return self.maintenance_starts_at <= (now or timezone.now())

    @property
    def maintenance_banner(self) -> bool:
        return self.maintenance_announced()

    @property
    def maintenance_now(self) -> bool:
        return self.maintenance_under_way()

    @property
    def is_public(self) -> bool:
        return self.schema_name == get_public_schema_name()


class Domain(DomainMixin):
    objects = HostsForgettingQuerySet.as_manager()

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


class MergerState(models.TextChoices):
    PLANNED = "planned", "Đã chạy thử"
    COPIED = "copied", "Đã chuyển dữ liệu"
    VERIFIED = "verified", "Đã kiểm tra khớp"
    MISMATCH = "mismatch", "Kiểm tra không khớp"
    SWITCHED = "switched", "Đã chuyển hướng tên miền"
    CONFIRMED = "confirmed", "Đã xác nhận, dữ liệu tỉnh cũ đã xoá"


class ProvinceMerger(models.Model):
    """Merging province `source` into `target` (core.operations.merger.services): the dry run's plan, each step's
    state and what it measured, so an interrupted merger resumes where it stopped."""

    source = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh sáp nhập")
    target = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh nhận")
    effective_on = models.DateField("ngày hiệu lực")
    basis = models.CharField("căn cứ", max_length=300)
    source_root_name = models.CharField("tên mới của tổ chức tỉnh cũ", max_length=300)
    state = models.CharField("trạng thái", max_length=20, choices=MergerState.choices, default=MergerState.PLANNED)
    plan = models.JSONField("kế hoạch (chạy thử)", default=dict)
    offsets = models.JSONField("độ dời mã từng bảng", default=dict, blank=True)
    verification = models.JSONField("kết quả kiểm tra", default=dict, blank=True)
    files = models.JSONField("tệp đính kèm", default=dict, blank=True)
    adjustments = models.JSONField("điều chỉnh sau khi chuyển", default=dict, blank=True)
    created_by = models.CharField("người chạy thử", max_length=150)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    copied_at = models.DateTimeField("chuyển lúc", null=True, blank=True)
    verified_at = models.DateTimeField("kiểm tra lúc", null=True, blank=True)
    switched_at = models.DateTimeField("chuyển hướng lúc", null=True, blank=True)
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    confirmed_by = models.CharField("người xác nhận", max_length=150, blank=True)
    final_backup_id = models.BigIntegerField("bản sao lưu cuối", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "sáp nhập tỉnh"
        verbose_name_plural = "sáp nhập tỉnh"

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.state})"


class FinishedTask(models.Model):
    """A background task that ran to its end, by the id its message carries (tenants/background.py).

    Brokers deliver a message at least once: with Redis, a task that finishes while its worker is
    stopping is never acknowledged and comes back to the queue (celery#3802). The next worker
    finds its id here and does not do it a second time."""

    task_id = models.CharField("mã tác vụ", max_length=255, primary_key=True)
    name = models.CharField("tác vụ", max_length=200)
    finished_at = models.DateTimeField("xong lúc", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "tác vụ nền đã xong"
        verbose_name_plural = "tác vụ nền đã xong"

    def __str__(self) -> str:
        return f"{self.name}[{self.task_id}]"
