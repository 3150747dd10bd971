"""National catalogues, once in the public schema for every province.

The rows come from the data files in `data/` (each names its legal source) through
`catalogues_load`, and operators add, correct and retire entries in the console
(`core.catalogues.editing`). Every change, from a file or an operator, leaves a
`CatalogueEntryVersion`. Rows are never deleted: personnel records keep pointing at old entries.
Two dates say different things: `valid_to` is the end of the entry's legal validity (the
provinces before 1/7/2025 still name people's birth places), `retired_on` is the day the entry
stops being offered for new input.
"""

from decimal import Decimal

from django.db import models
from django.utils import timezone


class CatalogueEntry(models.Model):
    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=200)
    valid_from = models.DateField("áp dụng từ", null=True, blank=True)
    valid_to = models.DateField("áp dụng đến", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    retired_on = models.DateField("ngừng sử dụng từ", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EthnicGroup(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = "dân tộc"
        verbose_name_plural = "dân tộc"


class Religion(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = "tôn giáo"
        verbose_name_plural = "tôn giáo"


class SalaryScale(CatalogueEntry):
    """One ladder of Nghị định 204/2004/NĐ-CP, Bảng 2: coefficient = first + (step − 1) × increment."""

    first_coefficient = models.DecimalField("hệ số bậc 1", max_digits=4, decimal_places=2)
    step_increment = models.DecimalField("chênh lệch giữa hai bậc", max_digits=4, decimal_places=2)
    steps = models.PositiveSmallIntegerField("số bậc")
    step_interval_months = models.PositiveSmallIntegerField("thời hạn nâng bậc (tháng)")

    class Meta(CatalogueEntry.Meta):
        verbose_name = "bảng lương"
        verbose_name_plural = "bảng lương"

    def coefficient_at(self, step: int) -> Decimal:
        """The coefficient of `step` (1 … steps); beyond the last step the frame allowance applies."""
        if not 1 <= step <= self.steps:
            raise ValueError(f"Bậc {step} nằm ngoài thang lương {self.code} (1–{self.steps}).")
        return self.first_coefficient + (step - 1) * self.step_increment


class Rank(CatalogueEntry):
    """A civil-service rank (ngạch), code such as 01.003."""

    salary_group = models.CharField("loại bảng lương", max_length=10, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = "ngạch công chức"
        verbose_name_plural = "ngạch công chức"


class ProfessionalTitle(CatalogueEntry):
    """A public employee's professional title (chức danh nghề nghiệp), code such as V.07.05.13."""

    grade = models.CharField("hạng", max_length=4)
    salary_group = models.CharField("loại bảng lương", max_length=10, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = "chức danh nghề nghiệp"
        verbose_name_plural = "chức danh nghề nghiệp"


class LeveledEntry(CatalogueEntry):
    """An entry on a ladder: a higher `level_order` is a higher level (to find someone's highest)."""

    level_order = models.PositiveSmallIntegerField("thứ bậc")

    class Meta(CatalogueEntry.Meta):
        abstract = True


class EducationLevel(LeveledEntry):
    class Meta(LeveledEntry.Meta):
        verbose_name = "trình độ đào tạo"
        verbose_name_plural = "trình độ đào tạo"


class PoliticalTheoryLevel(LeveledEntry):
    class Meta(LeveledEntry.Meta):
        verbose_name = "trình độ lý luận chính trị"
        verbose_name_plural = "trình độ lý luận chính trị"


class StateManagementLevel(LeveledEntry):
    class Meta(LeveledEntry.Meta):
        verbose_name = "trình độ quản lý nhà nước"
        verbose_name_plural = "trình độ quản lý nhà nước"


class AdministrativeUnit(CatalogueEntry):
    """A province or commune. Codes never collide across eras because their lengths differ:
    legacy provinces (before 1/7/2025) carry the three-digit code of the ID number (001 … 096),
    current provinces the two-digit code of Quyết định 19/2025/QĐ-TTg, communes five digits."""

    class Level(models.TextChoices):
        PROVINCE = "province", "tỉnh"
        COMMUNE = "commune", "xã"

    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    division_type = models.CharField("loại đơn vị", max_length=30, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    legacy = models.BooleanField("đơn vị trước sắp xếp năm 2025", default=False)

    class Meta(CatalogueEntry.Meta):
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"


class CatalogueLoad(models.Model):
    """Which version of the data files is loaded: `catalogues_ensure_loaded` skips when it matches."""

    fingerprint = models.CharField("dấu vân tay dữ liệu", max_length=64, unique=True)
    loaded_at = models.DateTimeField("thời điểm nạp", auto_now=True)
    counts = models.JSONField("số mục", default=dict)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = "lần nạp danh mục"
        verbose_name_plural = "lần nạp danh mục"

    def __str__(self) -> str:
        return f"{self.loaded_at:%Y-%m-%d %H:%M} {self.fingerprint[:12]}"


class CatalogueEntryVersion(models.Model):
    """One change of one entry: who, when, which values before and after, on what basis.

    Written by the loader (source "file", for each entry it creates or updates) and by the
    operators' services (source "operator"); never updated or deleted. `before` and `after` hold
    only the fields that changed, as JSON (decimals and dates as text); an addition has every
    field in `after`. The loader reads the operators' rows to know which fields not to overwrite.
    """

    class Action(models.TextChoices):
        ADD = "add", "thêm mục"
        EDIT = "edit", "sửa"
        RETIRE = "retire", "ngừng sử dụng"
        RESTORE = "restore", "dùng lại"

    class Source(models.TextChoices):
        FILE = "file", "nạp từ tệp"
        OPERATOR = "operator", "người vận hành"

    kind = models.CharField("danh mục", max_length=30)
    code = models.CharField("mã", max_length=20)
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices)
    before = models.JSONField("trước", default=dict, blank=True)
    after = models.JSONField("sau", default=dict, blank=True)
    legal_basis = models.TextField("căn cứ")
    effective_date = models.DateField("ngày có hiệu lực", null=True, blank=True)
    # The username, kept as text: operators are public accounts and the row must outlive them.
    recorded_by = models.CharField("người thực hiện", max_length=150, blank=True)
    recorded_at = models.DateTimeField("thời điểm ghi", default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["kind", "code"], name="catalogues_version_entry")]
        verbose_name = "phiên bản mục danh mục"
        verbose_name_plural = "phiên bản mục danh mục"

    def __str__(self) -> str:
        return f"{self.kind} {self.code}: {self.get_action_display()} ({self.recorded_at:%Y-%m-%d %H:%M})"
