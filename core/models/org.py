"""The organisation tree of one province, with dated history.

`OrgUnit` is a node's lasting identity and its current state; `OrgUnitVersion` keeps every
state it has had (name, parent, code) with the dates it held. A rename, move, merge, split or
dissolution closes one version and opens the next: nothing is overwritten, so "what was this
unit called, and where did it sit, on a date" always has an answer.
"""

from django.conf import settings
from django.db import models


class OrgUnitKind(models.TextChoices):
    PROVINCE = "province", "Ủy ban nhân dân tỉnh"
    AGENCY = "agency", "Sở, ban, ngành"
    COMMUNE = "commune", "UBND xã, phường, đặc khu"
    PUBLIC_SERVICE_UNIT = "public_service_unit", "Đơn vị sự nghiệp công lập"
    SUBUNIT = "subunit", "Đơn vị trực thuộc"
    DEPARTMENT = "department", "Phòng, ban, khoa"


class OrgChange(models.TextChoices):
    CREATE = "create", "Thành lập"
    RENAME = "rename", "Đổi tên"
    MOVE = "move", "Chuyển đơn vị chủ quản"
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách"
    DISSOLVE = "dissolve", "Giải thể"


class OrgUnit(models.Model):
    """A node of the tree: agency, commune, public service unit, sub-unit or department.

    `path` ("/1/4/9/") is the chain of ids from the root, kept by the services so that a
    subtree is one indexed prefix match; `parent`, `name` and `electronic_code` mirror the open
    version. `dissolved_on` is set when the unit stops (merged, split or dissolved).
    """

    kind = models.CharField("loại", max_length=30, choices=OrgUnitKind.choices)
    name = models.CharField("tên", max_length=300)
    electronic_code = models.CharField("mã định danh điện tử", max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    path = models.CharField("đường dẫn", max_length=500, editable=False)
    depth = models.PositiveSmallIntegerField("cấp", default=0, editable=False)
    established_on = models.DateField("ngày thành lập")
    dissolved_on = models.DateField("ngày chấm dứt hoạt động", null=True, blank=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
        verbose_name="đơn vị tiếp nhận",
    )
    end_change = models.CharField("hình thức chấm dứt", max_length=20, choices=OrgChange.choices, blank=True)
    end_decision = models.CharField("quyết định chấm dứt", max_length=200, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        indexes = [
            models.Index(fields=["path"], name="core_orgunit_path_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            # One active unit per code; a dissolved unit's code may be reissued.
            models.UniqueConstraint(
                fields=["electronic_code"],
                condition=models.Q(dissolved_on__isnull=True) & ~models.Q(electronic_code=""),
                name="core_orgunit_active_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class OrgUnitVersion(models.Model):
    """One state of a unit, valid from `valid_from` to `valid_to` (inclusive; null: still)."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="versions")
    name = models.CharField("tên", max_length=300)
    electronic_code = models.CharField("mã định danh điện tử", max_length=20, blank=True)
    parent = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="đơn vị cấp trên",
    )
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    change = models.CharField("thay đổi", max_length=20, choices=OrgChange.choices)
    decision = models.CharField("quyết định", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)

    class Meta:
        ordering = ["org_unit_id", "valid_from", "id"]
        verbose_name = "lịch sử cơ quan, đơn vị"
        verbose_name_plural = "lịch sử cơ quan, đơn vị"
        indexes = [models.Index(fields=["org_unit", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from} – {self.valid_to or '…'})"
