"""The dossier (hồ sơ): single values on `Dossier`, each repeating group its own model.

Field groups follow shared/domain/personnel-fields.md (résumé forms 2C-BNV/2008, HS02-VC/BNV
and the TT05/2023 labour contract). Codes of national catalogues are stored as codes
(`*_code`), checked against core.catalogues when a change is recorded. `extra` keeps fields
the ministry adds before they get a column.
"""

from django.db import models

from core.base.fields import (
    KeyedDigestField,
    SealedCharField,
    SealedDateField,
    SealedPositiveSmallIntegerField,
    SealedTextField,
)
from core.models.people import Person


class Dossier(models.Model):
    """The single-valued part of a person's résumé."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="dossier")

    # 1. Identity and origin
    other_names = models.CharField("tên gọi khác", max_length=200, blank=True)
    national_id_issued_on = models.DateField("ngày cấp số định danh", null=True, blank=True)
    social_insurance_number = models.CharField("số sổ bảo hiểm xã hội", max_length=20, blank=True)
    health_insurance_number = models.CharField("số thẻ bảo hiểm y tế", max_length=20, blank=True)
    birth_place_code = models.CharField("nơi sinh (mã đơn vị hành chính)", max_length=10, blank=True)
    birth_place = models.CharField("nơi sinh", max_length=300, blank=True)
    home_town_code = models.CharField("quê quán (mã đơn vị hành chính)", max_length=10, blank=True)
    home_town = models.CharField("quê quán", max_length=300, blank=True)
    permanent_address = models.CharField("nơi thường trú", max_length=300, blank=True)
    current_address = models.CharField("nơi ở hiện nay", max_length=300, blank=True)
    # Sensitive (Luật 91/2025): sealed at rest; statistics group by the keyed digests.
    ethnic_group_code = SealedCharField("dân tộc (mã)", max_length=10, blank=True)
    religion_code = SealedCharField("tôn giáo (mã)", max_length=10, blank=True)
    ethnic_group_digest = KeyedDigestField(source="ethnic_group_code")
    religion_digest = KeyedDigestField(source="religion_code")
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    photo = models.CharField("ảnh 3×4 (tệp)", max_length=300, blank=True)

    # 2. Recruitment and current position
    occupation_before_recruitment = models.CharField("nghề nghiệp trước khi tuyển dụng", max_length=200, blank=True)
    first_recruited_on = models.DateField("ngày tuyển dụng lần đầu", null=True, blank=True)
    recruiting_agency = models.CharField("cơ quan tuyển dụng", max_length=300, blank=True)
    joined_current_agency_on = models.DateField("ngày về cơ quan hiện nay", null=True, blank=True)
    current_position = models.CharField("chức vụ hiện tại", max_length=200, blank=True)
    position_appointed_on = models.DateField("ngày bổ nhiệm chức vụ", null=True, blank=True)
    concurrent_positions = models.CharField("chức vụ kiêm nhiệm", max_length=300, blank=True)
    party_position = SealedCharField("chức vụ Đảng", max_length=200, blank=True)
    main_duties = models.TextField("công việc chính được giao", blank=True)
    job_position = models.CharField("vị trí việc làm", max_length=200, blank=True)
    rank_code = models.CharField("ngạch (mã)", max_length=20, blank=True, db_index=True)
    professional_title_code = models.CharField("chức danh nghề nghiệp (mã)", max_length=20, blank=True)
    rank_appointed_on = models.DateField("ngày bổ nhiệm ngạch, chức danh", null=True, blank=True)
    salary_scale_code = models.CharField("bảng lương (mã)", max_length=20, blank=True)
    salary_step = models.PositiveSmallIntegerField("bậc lương", null=True, blank=True)
    salary_coefficient = models.DecimalField("hệ số lương", max_digits=5, decimal_places=2, null=True, blank=True)
    salary_effective_on = models.DateField("ngày hưởng lương", null=True, blank=True)
    over_frame_percent = models.PositiveSmallIntegerField("phụ cấp thâm niên vượt khung (%)", null=True, blank=True)

    # 3. Politics and service (Party data is sensitive: sealed at rest)
    party_admitted_on = SealedDateField("ngày vào Đảng", null=True, blank=True)
    party_official_on = SealedDateField("ngày chính thức", null=True, blank=True)
    military_enlisted_on = models.DateField("ngày nhập ngũ", null=True, blank=True)
    military_discharged_on = models.DateField("ngày xuất ngũ", null=True, blank=True)
    military_rank = models.CharField("quân hàm cao nhất", max_length=100, blank=True)
    honours = models.CharField("danh hiệu được phong tặng", max_length=300, blank=True)
    policy_category = models.CharField("thương binh, gia đình chính sách", max_length=200, blank=True)

    # 4. Education and qualifications
    general_education = models.CharField("giáo dục phổ thông", max_length=20, blank=True)
    highest_qualification = models.CharField("trình độ chuyên môn cao nhất", max_length=200, blank=True)
    academic_title = models.CharField("học hàm", max_length=50, blank=True)
    political_theory_level_code = models.CharField("lý luận chính trị (mã)", max_length=20, blank=True)
    state_management_level = models.CharField("quản lý nhà nước", max_length=100, blank=True)
    it_level = models.CharField("tin học", max_length=100, blank=True)
    ethnic_language = models.CharField("tiếng dân tộc thiểu số", max_length=100, blank=True)

    # 5. Health (sensitive: sealed at rest)
    health_status = SealedCharField("tình trạng sức khỏe", max_length=100, blank=True)
    height_cm = SealedPositiveSmallIntegerField("chiều cao (cm)", null=True, blank=True)
    weight_kg = SealedPositiveSmallIntegerField("cân nặng (kg)", null=True, blank=True)
    blood_type = SealedCharField("nhóm máu", max_length=5, blank=True)

    # 6–7. Restricted notes and the agency's assessment
    personal_history_notes = SealedTextField("đặc điểm lịch sử bản thân", blank=True)
    economic_situation = models.TextField("hoàn cảnh kinh tế gia đình", blank=True)
    agency_assessment = models.TextField("nhận xét, đánh giá của cơ quan", blank=True)

    extra = models.JSONField("trường bổ sung", default=dict, blank=True)

    CATALOGUE_FIELDS = {
        "birth_place_code": "administrative_unit",
        "home_town_code": "administrative_unit",
        "ethnic_group_code": "ethnic_group",
        "religion_code": "religion",
        "rank_code": "rank",
        "professional_title_code": "professional_title",
        "political_theory_level_code": "political_theory_level",
    }

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"

    def __str__(self) -> str:
        return f"Hồ sơ {self.person_id}"


class DossierRow(models.Model):
    """A row of a repeating group; the change-set machinery edits any subclass alike."""

    # Each subclass declares `person` with its own related_name (person.trainings, …).
    CATALOGUE_FIELDS: dict[str, str] = {}

    class Meta:
        abstract = True
        ordering = ["id"]


class Allowance(DossierRow):
    class Kind(models.TextChoices):
        POSITION = "position", "Phụ cấp chức vụ"
        RESPONSIBILITY = "responsibility", "Phụ cấp trách nhiệm"
        REGION = "region", "Phụ cấp khu vực"
        SENIORITY = "seniority", "Phụ cấp thâm niên nghề"
        OTHER = "other", "Phụ cấp khác"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="allowances")
    kind = models.CharField("loại phụ cấp", max_length=20, choices=Kind.choices)
    name = models.CharField("tên phụ cấp", max_length=200, blank=True)
    coefficient = models.DecimalField("hệ số", max_digits=5, decimal_places=2, null=True, blank=True)
    percent = models.PositiveSmallIntegerField("tỷ lệ (%)", null=True, blank=True)
    amount = models.PositiveBigIntegerField("số tiền (đồng)", null=True, blank=True)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "phụ cấp"
        verbose_name_plural = "phụ cấp"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} từ {self.start}"


class Degree(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="degrees")
    level_code = models.CharField("trình độ (mã)", max_length=20)
    field = models.CharField("chuyên ngành", max_length=200)
    institution = models.CharField("cơ sở đào tạo", max_length=300)
    mode = models.CharField("hình thức đào tạo", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("năm tốt nghiệp", null=True, blank=True)

    CATALOGUE_FIELDS = {"level_code": "education_level"}

    class Meta(DossierRow.Meta):
        verbose_name = "văn bằng"
        verbose_name_plural = "văn bằng"

    def __str__(self) -> str:
        return f"{self.level_code} {self.field} ({self.year or '…'})"


class LanguageSkill(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="language_skills")
    language = models.CharField("ngoại ngữ", max_length=100)
    level = models.CharField("trình độ", max_length=100)
    certificate = models.CharField("chứng chỉ", max_length=200, blank=True)
    score = models.CharField("điểm", max_length=20, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "ngoại ngữ"
        verbose_name_plural = "ngoại ngữ"

    def __str__(self) -> str:
        return f"{self.language}: {self.level}"


class Training(DossierRow):
    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", "Chuyên môn, nghiệp vụ"
        POLITICAL_THEORY = "political_theory", "Lý luận chính trị"
        STATE_MANAGEMENT = "state_management", "Quản lý nhà nước, chức danh nghề nghiệp, ngành"
        DEFENCE = "defence", "Quốc phòng, an ninh"
        IT = "it", "Tin học"
        LANGUAGE = "language", "Ngoại ngữ, tiếng dân tộc"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField("loại", max_length=30, choices=Kind.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    institution = models.CharField("cơ sở đào tạo", max_length=300)
    subject = models.CharField("nội dung, chuyên ngành", max_length=300)
    mode = models.CharField("hình thức", max_length=100, blank=True)
    certificate = models.CharField("văn bằng, chứng chỉ", max_length=200, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "đào tạo, bồi dưỡng"
        verbose_name_plural = "đào tạo, bồi dưỡng"

    def __str__(self) -> str:
        return f"{self.subject} ({self.start} – {self.end or '…'})"


class OrganisationMembership(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="organisation_memberships")
    organisation = models.CharField("tổ chức chính trị - xã hội", max_length=200)
    joined_on = models.DateField("ngày tham gia")
    left_on = models.DateField("ngày thôi", null=True, blank=True)
    position = models.CharField("chức vụ", max_length=200, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "tổ chức chính trị - xã hội"
        verbose_name_plural = "tổ chức chính trị - xã hội"

    def __str__(self) -> str:
        return f"{self.organisation} từ {self.joined_on}"


class WorkHistory(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_history")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    unit_name = models.CharField("cơ quan, đơn vị", max_length=300)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    duties = models.TextField("công việc", blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"

    def __str__(self) -> str:
        return f"{self.unit_name} ({self.start} – {self.end or '…'})"


class SalaryHistory(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="salary_history")
    effective_on = models.DateField("ngày hưởng")
    rank_code = models.CharField("mã ngạch, chức danh", max_length=20)
    step = models.PositiveSmallIntegerField("bậc")
    coefficient = models.DecimalField("hệ số", max_digits=5, decimal_places=2)

    class Meta(DossierRow.Meta):
        verbose_name = "diễn biến lương"
        verbose_name_plural = "diễn biến lương"

    def __str__(self) -> str:
        return f"{self.rank_code} bậc {self.step} ({self.coefficient}) từ {self.effective_on}"


class Appointment(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    position = models.CharField("chức vụ", max_length=200)
    decision = models.CharField("quyết định", max_length=200)
    start = models.DateField("từ ngày")
    term_end = models.DateField("hết nhiệm kỳ", null=True, blank=True)
    reappointment = models.BooleanField("bổ nhiệm lại", default=False)

    class Meta(DossierRow.Meta):
        verbose_name = "bổ nhiệm"
        verbose_name_plural = "bổ nhiệm"

    def __str__(self) -> str:
        return f"{self.position} từ {self.start}"


class Reward(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rewards")
    year = models.PositiveSmallIntegerField("năm")
    form = models.CharField("hình thức", max_length=200)
    level = models.CharField("cấp khen thưởng", max_length=200, blank=True)
    decision = models.CharField("quyết định", max_length=200, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"

    def __str__(self) -> str:
        return f"{self.form} ({self.year})"


class Discipline(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disciplines")
    year = models.PositiveSmallIntegerField("năm")
    form = models.CharField("hình thức", max_length=100)
    reason = models.TextField("lý do")
    decision = models.CharField("quyết định", max_length=200, blank=True)
    effect_until = models.DateField("hết hiệu lực", null=True, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"

    def __str__(self) -> str:
        return f"{self.form} ({self.year})"


class Evaluation(DossierRow):
    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
        GOOD = "good", "Hoàn thành tốt nhiệm vụ"
        COMPLETED = "completed", "Hoàn thành nhiệm vụ"
        NOT_COMPLETED = "not_completed", "Không hoàn thành nhiệm vụ"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("năm")
    grade = models.CharField("xếp loại", max_length=20, choices=Grade.choices)
    emulation_title = models.CharField("danh hiệu thi đua", max_length=200, blank=True)
    award = models.CharField("hình thức khen thưởng", max_length=200, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "đánh giá, xếp loại"
        verbose_name_plural = "đánh giá, xếp loại"

    def __str__(self) -> str:
        return f"{self.year}: {self.get_grade_display()}"


class Planning(DossierRow):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plannings")
    period = models.CharField("giai đoạn", max_length=20)
    planned_position = models.CharField("chức danh quy hoạch", max_length=200)

    class Meta(DossierRow.Meta):
        verbose_name = "quy hoạch"
        verbose_name_plural = "quy hoạch"

    def __str__(self) -> str:
        return f"{self.planned_position} ({self.period})"


class FamilyMember(DossierRow):
    """Restricted access: family details are sensitive personal data, sealed at rest (the side
    stays plain: it only says which half of the résumé's table a row belongs to)."""

    class Side(models.TextChoices):
        OWN = "own", "Về bản thân"
        SPOUSE = "spouse", "Về bên vợ hoặc chồng"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_members")
    side = models.CharField("bên", max_length=10, choices=Side.choices)
    relation = SealedCharField("quan hệ", max_length=50)
    full_name = SealedCharField("họ và tên", max_length=200)
    birth_year = SealedPositiveSmallIntegerField("năm sinh", null=True, blank=True)
    home_town = SealedCharField("quê quán", max_length=300, blank=True)
    occupation = SealedCharField("nghề nghiệp", max_length=200, blank=True)
    workplace = SealedCharField("nơi công tác", max_length=300, blank=True)
    address = SealedCharField("nơi ở", max_length=300, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "quan hệ gia đình"
        verbose_name_plural = "quan hệ gia đình"

    def __str__(self) -> str:
        return f"{self.relation}: {self.full_name}"


class LaborContract(DossierRow):
    """A người lao động's contract (TT05/2023/TT-BNV Appendix II, Nghị định 111/2022)."""

    class ContractType(models.TextChoices):
        FIXED_TERM = "fixed_term", "Xác định thời hạn"
        INDEFINITE = "indefinite", "Không xác định thời hạn"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="labor_contracts")
    number = models.CharField("số hợp đồng", max_length=100)
    signed_on = models.DateField("ngày ký")
    employer_representative = models.CharField("người đại diện bên sử dụng lao động", max_length=200)
    kind_of_work = models.CharField("loại công việc", max_length=200)
    workplace = models.CharField("địa điểm làm việc", max_length=300)
    duties = models.TextField("nhiệm vụ", blank=True)
    contract_type = models.CharField("loại hợp đồng", max_length=20, choices=ContractType.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    probation_days = models.PositiveSmallIntegerField("thời gian thử việc (ngày)", null=True, blank=True)
    working_hours = models.CharField("thời giờ làm việc, nghỉ ngơi", max_length=300, blank=True)
    pay_amount = models.PositiveBigIntegerField("mức lương (đồng)", null=True, blank=True)
    pay_coefficient = models.DecimalField("hệ số lương", max_digits=5, decimal_places=2, null=True, blank=True)
    allowances = models.CharField("phụ cấp", max_length=300, blank=True)
    pay_dates = models.CharField("thời hạn trả lương", max_length=100, blank=True)
    insurance = models.CharField("bảo hiểm xã hội, y tế, thất nghiệp", max_length=300, blank=True)
    ended_on = models.DateField("ngày chấm dứt", null=True, blank=True)
    end_reason = models.CharField("lý do chấm dứt", max_length=300, blank=True)

    class Meta(DossierRow.Meta):
        verbose_name = "hợp đồng lao động"
        verbose_name_plural = "hợp đồng lao động"

    def __str__(self) -> str:
        return f"Hợp đồng {self.number} ({self.signed_on})"


# The repeating groups by the name change sets and the API use for them.
DOSSIER_ROW_MODELS: dict[str, type[DossierRow]] = {
    "allowance": Allowance,
    "degree": Degree,
    "language_skill": LanguageSkill,
    "training": Training,
    "organisation_membership": OrganisationMembership,
    "work_history": WorkHistory,
    "salary_history": SalaryHistory,
    "appointment": Appointment,
    "reward": Reward,
    "discipline": Discipline,
    "evaluation": Evaluation,
    "planning": Planning,
    "family_member": FamilyMember,
    "labor_contract": LaborContract,
}
