"""What the career computations need beyond the dossier: the time a step does not count, and the
proposals to raise a step early."""

from django.conf import settings
from django.db import models

from core.models import OrgUnit, Person, Reward


class StepPause(models.Model):
    """A period that does not count towards a salary step or the beyond-top-step allowance
    (Thông tư 08/2013 as amended by Thông tư 03/2021): unpaid leave, suspension, sick leave beyond
    the six months that count. Both ends included."""

    class Kind(models.TextChoices):
        UNPAID_LEAVE = "unpaid_leave", "Nghỉ việc riêng không hưởng lương"
        SUSPENSION = "suspension", "Bị đình chỉ công tác, tạm giữ, tạm giam"
        LONG_SICK_LEAVE = "long_sick_leave", "Nghỉ ốm đau vượt quá thời gian được tính"
        OTHER = "other", "Khác"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="step_pauses")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    decision = models.CharField("quyết định", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["person_id", "start"]
        verbose_name = "thời gian không tính nâng lương"
        verbose_name_plural = "thời gian không tính nâng lương"
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                              name="careers_step_pause_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start} – {self.end}"


class EarlyRaiseProposal(models.Model):
    """A proposal to raise someone a step before its regular date (nâng bậc lương trước thời
    hạn), counted against its unit's yearly quota unless it is the retirement case. Proposed by
    an admin of the person's unit; decided by the unit's approver with a decision number."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Đã đề nghị"
        APPROVED = "approved", "Đã quyết định nâng"
        REJECTED = "rejected", "Không nâng"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="early_raises")
    # The unit whose quota it counts against (the person's nearest unit that is not a phòng, ban).
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    step_since = models.DateField("hưởng bậc hiện tại từ")
    step = models.PositiveSmallIntegerField("bậc hiện hưởng")
    regular_due = models.DateField("ngày nâng bậc thường xuyên")
    months_early = models.PositiveSmallIntegerField("số tháng nâng trước")
    raise_on = models.DateField("ngày hưởng bậc mới")
    reward = models.ForeignKey(Reward, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    retirement_case = models.BooleanField("có thông báo nghỉ hưu (ngoài tỷ lệ)", default=False)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("đề nghị lúc", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    reason = models.CharField("lý do không nâng", max_length=300, blank=True)
    change_set = models.ForeignKey("core.ChangeSet", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = "đề nghị nâng bậc lương trước thời hạn"
        verbose_name_plural = "đề nghị nâng bậc lương trước thời hạn"
        constraints = [models.UniqueConstraint(
            fields=["person", "step_since"], condition=~models.Q(state="rejected"),
            name="careers_one_early_raise_per_step")]

    def __str__(self) -> str:
        return f"Nâng trước thời hạn {self.months_early} tháng, {self.person_id}, từ {self.raise_on}"


class RaiseProposal(models.Model):
    """A regular raise proposed in the quarter it falls due (the raise round): proposed by an
    admin of the person's unit, decided by its approver with a decision number. An approved one
    becomes a salary-history row through an approved change set (versioned, synced)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Đã đề nghị"
        APPROVED = "approved", "Đã quyết định nâng"
        REJECTED = "rejected", "Không nâng"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="raise_proposals")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý")
    rank_code = models.CharField("mã ngạch, chức danh", max_length=20)
    step_since = models.DateField("hưởng bậc hiện tại từ")
    step = models.PositiveSmallIntegerField("bậc hiện hưởng")
    new_step = models.PositiveSmallIntegerField("bậc mới")
    new_coefficient = models.DecimalField("hệ số mới", max_digits=5, decimal_places=2)
    raise_on = models.DateField("ngày hưởng bậc mới")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("đề nghị lúc", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    reason = models.CharField("lý do không nâng", max_length=300, blank=True)
    change_set = models.ForeignKey("core.ChangeSet", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = "đề nghị nâng bậc lương thường xuyên"
        verbose_name_plural = "đề nghị nâng bậc lương thường xuyên"
        constraints = [models.UniqueConstraint(
            fields=["person", "step_since"], condition=~models.Q(state="rejected"),
            name="careers_one_raise_per_step")]

    def __str__(self) -> str:
        return f"Nâng bậc {self.step} → {self.new_step} từ {self.raise_on} ({self.person_id})"


class EvaluationRound(models.Model):
    """A unit's yearly evaluation: its people's scores (công chức, Nghị định 335/2025) or levels
    (viên chức, Nghị định 90/2020), confirmed by the approver within the cap on "xuất sắc"; the
    confirmed levels become evaluation rows through approved change sets."""

    class State(models.TextChoices):
        OPEN = "open", "Đang đánh giá"
        CONFIRMED = "confirmed", "Đã phê duyệt"

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)

    class Meta:
        ordering = ["-year", "org_unit_id"]
        verbose_name = "đợt đánh giá, xếp loại"
        verbose_name_plural = "đợt đánh giá, xếp loại"
        constraints = [models.UniqueConstraint(fields=["org_unit", "year"], name="careers_one_round_per_unit_year")]

    def __str__(self) -> str:
        return f"Đánh giá năm {self.year}, đơn vị {self.org_unit_id}"


class EvaluationEntry(models.Model):
    """One person's evaluation in a round: the periods' points (general, results) and their
    average for công chức, or the level given for viên chức."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    periods = models.JSONField("điểm từng kỳ [chung, kết quả]", default=list)
    points = models.DecimalField("điểm trung bình", max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField("xếp loại", max_length=20)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("nhập lúc", auto_now=True)
    change_set = models.ForeignKey("core.ChangeSet", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["round_id", "person_id"]
        verbose_name = "kết quả đánh giá trong đợt"
        verbose_name_plural = "kết quả đánh giá trong đợt"
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="careers_one_entry_per_round")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.grade}"


class JobPosition(models.Model):
    """A job position (vị trí việc làm) of the province's catalogue, in the groups of Thông tư
    12/2022/TT-BNV: leadership, professional, shared professional, support. Positions are added
    and retired, never edited into something else."""

    class Group(models.TextChoices):
        LEADERSHIP = "leadership", "Lãnh đạo, quản lý"
        PROFESSIONAL = "professional", "Chuyên môn, nghiệp vụ chuyên ngành"
        SHARED = "shared", "Chuyên môn, nghiệp vụ dùng chung"
        SUPPORT = "support", "Hỗ trợ, phục vụ"

    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên vị trí việc làm", max_length=300)
    group = models.CharField("nhóm", max_length=20, choices=Group.choices)
    legal_basis = models.CharField("căn cứ", max_length=300)
    valid_to = models.DateField("hết hiệu lực", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "vị trí việc làm"
        verbose_name_plural = "vị trí việc làm"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class JobPositionHolding(models.Model):
    """Who held which job position from when to when (both ends included; open: still)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="job_positions")
    position = models.ForeignKey(JobPosition, on_delete=models.PROTECT, related_name="+")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    decision = models.CharField("quyết định", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["person_id", "start"]
        verbose_name = "vị trí việc làm đảm nhiệm"
        verbose_name_plural = "vị trí việc làm đảm nhiệm"
        constraints = [models.UniqueConstraint(fields=["person", "start"], name="careers_one_position_a_day")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.position_id} từ {self.start}"
