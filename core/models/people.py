"""People of a province and where they work, with dates."""

from django.conf import settings
from django.db import models

from core.models.org import OrgUnit


class PersonCategory(models.TextChoices):
    CAN_BO = "can_bo", "Cán bộ"
    CONG_CHUC = "cong_chuc", "Công chức"
    VIEN_CHUC = "vien_chuc", "Viên chức"
    NGUOI_LAO_DONG = "nguoi_lao_dong", "Người lao động"
    COMMUNE_OFFICIAL = "commune_official", "Cán bộ, công chức cấp xã"
    COMMUNE_PART_TIME = "commune_part_time", "Người hoạt động không chuyên trách cấp xã"


class PersonStatus(models.TextChoices):
    WORKING = "working", "Đang công tác"
    MOVED_OUT = "moved_out", "Đã chuyển công tác"
    RETIRED = "retired", "Đã nghỉ hưu"
    RESIGNED = "resigned", "Đã thôi việc"
    DECEASED = "deceased", "Đã từ trần"


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Person(models.Model):
    """A person whose dossier the province keeps; identified by the 12-digit ID number.

    `org_unit` is the unit that manages the dossier now (for a leaver: the unit they left, which
    keeps searching the archive). `version` counts applied changes to the dossier: every change
    set records the version it started from (optimistic locking).
    """

    national_id = models.CharField("số định danh cá nhân", max_length=12, unique=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="person", verbose_name="tài khoản",
    )
    full_name = models.CharField("họ và tên khai sinh", max_length=200)
    # Lower case, no diacritics (core.base.text.search_normalise); trigram-indexed when pg_trgm exists.
    search_name = models.CharField("tên tìm kiếm", max_length=200, editable=False)
    gender = models.CharField("giới tính", max_length=10, choices=Gender.choices)
    # Old records know only the year, or month and year: birth_date is set only when the day is known.
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh")
    birth_month = models.PositiveSmallIntegerField("tháng sinh", null=True, blank=True)
    category = models.CharField("đối tượng", max_length=30, choices=PersonCategory.choices)
    status = models.CharField(
        "tình trạng", max_length=20, choices=PersonStatus.choices, default=PersonStatus.WORKING
    )
    status_changed_on = models.DateField("ngày thay đổi tình trạng", null=True, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="people", verbose_name="cơ quan, đơn vị"
    )
    version = models.PositiveIntegerField("phiên bản hồ sơ", default=1)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = "người"
        verbose_name_plural = "người"
        # national_id's unique constraint brings a varchar_pattern_ops index for prefix search;
        # names are searched through the trigram index of migration 0002.
        indexes = [
            models.Index(fields=["org_unit", "status"]),
            models.Index(fields=["status", "search_name", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.national_id})"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from core.base.text import search_normalise

        self.search_name = search_normalise(self.full_name)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_archived(self) -> bool:
        """A leaver's dossier is kept read-only in the archive (thư mục riêng)."""
        return self.status != PersonStatus.WORKING


class Placement(models.Model):
    """Where a person worked from `start` to `end` (inclusive; null: still there).

    The authoritative answer to "who worked where on a date"; org changes close and open rows
    here, never edit old ones.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="placements")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    reason = models.CharField("lý do", max_length=200, blank=True)

    class Meta:
        ordering = ["person_id", "start", "id"]
        verbose_name = "nơi công tác"
        verbose_name_plural = "nơi công tác"
        indexes = [models.Index(fields=["org_unit", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.org_unit_id} {self.start} – {self.end or '…'}"
