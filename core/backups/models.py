"""Backup runs, kept in `public`: the platform does the backing up, for every province."""

from django.db import models


class BackupScope(models.TextChoices):
    PROVINCE = "province", "Toàn tỉnh"
    UNIT = "unit", "Một cơ quan, đơn vị"


class BackupStatus(models.TextChoices):
    RUNNING = "running", "Đang chạy"
    OK = "ok", "Thành công"
    FAILED = "failed", "Thất bại"


class BackupRun(models.Model):
    """One backup of a province's schema, or of one unit's people (`org_unit_id`).

    `table_stats` holds each table's row count and fingerprint, taken from the same snapshot as
    the dump; a restore is verified against it. `source_schema` is the schema inside the dump
    (the province's, or the staging copy of a unit's rows). `org_unit_id` is an id in the
    province's schema, so it cannot be a foreign key from `public`.
    """

    province = models.ForeignKey(
        "tenants.Province", on_delete=models.PROTECT, related_name="backup_runs", verbose_name="tỉnh"
    )
    scope = models.CharField("phạm vi", max_length=20, choices=BackupScope.choices, default=BackupScope.PROVINCE)
    org_unit_id = models.BigIntegerField("mã cơ quan, đơn vị", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=BackupStatus.choices, default=BackupStatus.RUNNING)
    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    duration = models.DurationField("thời gian chạy", null=True, blank=True)
    size_bytes = models.BigIntegerField("dung lượng (byte)", null=True, blank=True)
    checksum = models.CharField("SHA-256 của tệp mã hóa", max_length=64, blank=True)
    storage_key = models.CharField("vị trí lưu", max_length=300, blank=True)
    source_schema = models.CharField("lược đồ trong bản sao lưu", max_length=63, blank=True)
    server_version = models.PositiveIntegerField("phiên bản PostgreSQL", null=True, blank=True)
    key_id = models.CharField("mã khóa", max_length=16, blank=True)
    table_stats = models.JSONField("số dòng và dấu kiểm từng bảng", default=dict, blank=True)
    error = models.TextField("lỗi", blank=True)
    expires_on = models.DateField("được xóa từ ngày", null=True, blank=True)
    pruned_at = models.DateTimeField("đã xóa tệp lúc", null=True, blank=True)
    drilled_at = models.DateTimeField("diễn tập khôi phục lúc", null=True, blank=True)
    drill_ok = models.BooleanField("diễn tập khôi phục đạt", null=True, blank=True)
    requested_by = models.CharField("người yêu cầu", max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "lần sao lưu"
        verbose_name_plural = "lần sao lưu"
        indexes = [models.Index(fields=["province", "scope", "status", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.province_id} {self.scope} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def is_restorable(self) -> bool:
        return self.status == BackupStatus.OK and self.pruned_at is None
