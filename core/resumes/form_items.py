"""The two official résumé forms, item by item in their own order and wording:

- Mẫu 2C-BNV/2008 (Quyết định 02/2008/QĐ-BNV), 32 items, for cán bộ and công chức (and, until
  their own forms are built here, the other categories but viên chức);
- Mẫu HS02-VC/BNV (Thông tư 07/2019/TT-BNV), 37 items, for viên chức.

What must not change without the form changing: the items' numbers, order and labels. The
tests (tests/core/resumes/) hold the same lists, written out independently.
"""

from core.models import PersonCategory, Training
from core.resumes.document import (
    Block,
    Heading,
    Line,
    Note,
    Part,
    Resume,
    Signature,
    Table,
    Text,
    birth_spoken,
    date_spoken,
)
from core.resumes.facts import Facts, ResumeContext

FORM_2C = "2C-BNV/2008"
FORM_HS02 = "HS02-VC/BNV"

TRAINING_HEADERS = ("Tên trường", "Chuyên ngành đào tạo, bồi dưỡng", "Từ tháng, năm – đến tháng, năm",
                    "Hình thức đào tạo", "Văn bằng, chứng chỉ, trình độ gì")
TRAINING_WIDTHS = (30, 30, 20, 18, 22)
WORK_HEADERS = ("Từ tháng, năm đến tháng, năm",
                "Chức danh, chức vụ, đơn vị công tác (đảng, chính quyền, đoàn thể, tổ chức xã hội), "
                "kể cả thời gian được đào tạo, bồi dưỡng về chuyên môn, nghiệp vụ, …")
WORK_WIDTHS = (25, 95)
FAMILY_HEADERS = ("Mối quan hệ", "Họ và tên", "Năm sinh",
                  "Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập, nơi ở (trong, "
                  "ngoài nước); thành viên các tổ chức chính trị - xã hội …")
FAMILY_WIDTHS = (16, 26, 12, 66)
SALARY_HEADERS = ("Tháng/năm", "Mã ngạch/bậc", "Hệ số lương")
SALARY_PER_TABLE = 7
DECLARATION = "Tôi xin cam đoan những lời khai trên đây là đúng sự thật"
HISTORY_PROMPTS = (
    "- Khai rõ: bị bắt, bị tù (từ ngày tháng năm nào đến ngày tháng năm nào, ở đâu), đã khai báo cho ai, "
    "những vấn đề gì? Bản thân có làm việc trong chế độ cũ (cơ quan, đơn vị nào, địa điểm, chức danh, "
    "chức vụ, thời gian làm việc …)",
    "- Tham gia hoặc có quan hệ với các tổ chức chính trị, kinh tế, xã hội nào ở nước ngoài (làm gì, tổ "
    "chức nào, đặt trụ sở ở đâu …?)",
    "- Có thân nhân (Cha, Mẹ, Vợ, Chồng, con, anh chị em ruột) ở nước ngoài (làm gì, địa chỉ …)?",
)


def form_for(category: str) -> str:
    return FORM_HS02 if category == PersonCategory.VIEN_CHUC else FORM_2C


def resume_build(snapshot: dict, context: ResumeContext) -> Resume:
    """The résumé of a dossier snapshot (as `dossier_snapshot` or a `DossierVersion` holds it)
    on the form of the person's category."""
    facts = Facts(snapshot)
    category = str(facts.identity.get("category") or "")
    build = _form_hs02 if form_for(category) == FORM_HS02 else _form_2c
    return build(facts, context)


class _Items:
    """Collects the blocks and, for checks, each numbered item's label in order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.labels: list[str] = []

    def line(self, number: str, *parts: Part) -> None:
        self.blocks.append(Line(number, parts))
        for index, part in enumerate(parts):
            if index == 0 and number:
                self.labels.append(f"{number} {part.label}")
            elif part.label[:1].isdigit():
                self.labels.append(part.label)

    def more(self, *parts: Part) -> None:
        self.blocks.append(Line("", parts))

    def note(self, text: str) -> None:
        self.blocks.append(Note(text))

    def heading(self, number: str, title: str) -> None:
        self.blocks.append(Heading(number, title))
        self.labels.append(f"{number} {title}".strip())

    def add(self, block: Block) -> None:
        self.blocks.append(block)


def _identity(items: _Items, facts: Facts) -> None:
    birth = birth_spoken(birth_date=facts.identity.get("birth_date"), birth_month=facts.identity.get("birth_month"),
                         birth_year=facts.identity.get("birth_year"))
    items.line("1)", Part("Họ và tên khai sinh (viết chữ in hoa)", facts.full_name.upper()))
    items.line("2)", Part("Tên gọi khác", facts.text("other_names")))
    born = Part("Sinh", birth, separator=" ") if birth else Part("Sinh ngày")
    items.line("3)", born, Part("Giới tính (nam, nữ)", facts.gender))
    items.line("4)", Part("Nơi sinh", facts.place_of_birth))
    items.line("5)", Part("Quê quán", facts.home_town))
    items.line("6)", Part("Dân tộc", facts.name_of("ethnic_group", "ethnic_group_code")),
               Part("7) Tôn giáo", facts.name_of("religion", "religion_code")))


def _salary_tables(facts: Facts, caption: str = "") -> list[Table]:
    columns = facts.salary_columns()
    chunks = [columns[i:i + SALARY_PER_TABLE] for i in range(0, len(columns), SALARY_PER_TABLE)] or [()]
    tables = []
    for number, chunk in enumerate(chunks):
        cells = list(chunk) + [("", "", "")] * (SALARY_PER_TABLE - len(chunk))
        rows = tuple((header, *(column[i] for column in cells)) for i, header in enumerate(SALARY_HEADERS))
        tables.append(Table(headers=(), widths=(22, *([14] * SALARY_PER_TABLE)), rows=rows,
                            caption=caption if number == 0 else "", blank_rows=0, first_column_headers=True))
    return tables


def _closing(facts: Facts, context: ResumeContext, confirmer_title: str) -> tuple[str, Signature, Signature]:
    place = f"{context.province}, {date_spoken(context.made_on)}" if context.province else date_spoken(context.made_on)
    declarant = Signature("Người khai", "(Ký tên, ghi rõ họ tên)", name=facts.full_name, preamble=DECLARATION)
    confirmer = Signature(confirmer_title, "(Ký tên, đóng dấu)", name=context.confirmer)
    return place, declarant, confirmer


def _form_2c(facts: Facts, context: ResumeContext) -> Resume:
    items = _Items()
    _identity(items, facts)
    items.line("8)", Part("Nơi đăng ký hộ khẩu thường trú", facts.text("permanent_address")))
    items.note("(Số nhà, đường phố, thành phố, xóm, thôn, xã, huyện, tỉnh)")
    items.line("9)", Part("Nơi ở hiện nay", facts.text("current_address")))
    items.note("(Số nhà, đường phố, thành phố, xóm, thôn, xã, huyện, tỉnh)")
    items.line("10)", Part("Nghề nghiệp khi được tuyển dụng", facts.text("occupation_before_recruitment")))
    items.line("11)", Part("Ngày tuyển dụng", facts.when("first_recruited_on")),
               Part("Cơ quan tuyển dụng", facts.text("recruiting_agency")))
    position = "; ".join(p for p in (facts.text("current_position"), facts.text("party_position"),
                                     facts.text("concurrent_positions")) if p)
    items.line("12)", Part("Chức vụ (chức danh) hiện tại", position))
    items.note("(Về chính quyền hoặc Đảng, đoàn thể, kể cả chức vụ kiêm nhiệm)")
    items.line("13)", Part("Công việc chính được giao", facts.text("main_duties")))
    items.line("14)", Part("Ngạch công chức (viên chức)", facts.rank_name or facts.title_name),
               Part("Mã ngạch", facts.code("rank_code") or facts.code("professional_title_code")))
    items.more(Part("Bậc lương", facts.text("salary_step")), Part("Hệ số", facts.coefficient),
               Part("Ngày hưởng", facts.when("salary_effective_on")))
    items.more(Part("Phụ cấp chức vụ", facts.allowances("position")),
               Part("Phụ cấp khác", facts.allowances("responsibility", "region", "seniority", "other")))
    items.line("15.1-", Part("Trình độ giáo dục phổ thông (đã tốt nghiệp lớp mấy/thuộc hệ nào)",
                             facts.text("general_education")))
    items.line("15.2-", Part("Trình độ chuyên môn cao nhất", facts.highest_qualification))
    items.note("(TSKH, TS, Ths, cử nhân, kỹ sư, cao đẳng, trung cấp, sơ cấp, chuyên ngành)")
    items.line("15.3-", Part("Lý luận chính trị", facts.name_of("political_theory_level", "political_theory_level_code")),
               Part("15.4- Quản lý nhà nước", facts.text("state_management_level")))
    items.note("(Cao cấp, trung cấp, sơ cấp và tương đương) – (chuyên viên cao cấp, chuyên viên chính, chuyên viên, cán sự, …)")
    items.line("15.5-", Part("Ngoại ngữ", facts.languages), Part("15.6- Tin học", facts.text("it_level")))
    items.note("(Tên ngoại ngữ + Trình độ A, B, C, D …) – (Trình độ A, B, C, …)")
    items.line("16)", Part("Ngày vào Đảng Cộng sản Việt Nam", facts.when("party_admitted_on")),
               Part("Ngày chính thức", facts.when("party_official_on")))
    items.line("17)", Part("Ngày tham gia tổ chức chính trị - xã hội", facts.memberships))
    items.note("(Ngày tham gia tổ chức: Đoàn, Hội, … và làm việc gì trong tổ chức đó)")
    items.line("18)", Part("Ngày nhập ngũ", facts.when("military_enlisted_on")),
               Part("Ngày xuất ngũ", facts.when("military_discharged_on")),
               Part("Quân hàm cao nhất", facts.text("military_rank")))
    items.line("19)", Part("Danh hiệu được phong tặng cao nhất", facts.text("honours")))
    items.note("(Anh hùng lao động, anh hùng lực lượng vũ trang; nhà giáo, thầy thuốc, nghệ sĩ nhân dân và ưu tú, …)")
    items.line("20)", Part("Sở trường công tác"))
    items.line("21)", Part("Khen thưởng", facts.rewards), Part("22) Kỷ luật", facts.disciplines))
    items.note("(Hình thức cao nhất, năm nào) – (Về đảng, chính quyền, đoàn thể hình thức cao nhất, năm nào)")
    items.line("23)", Part("Tình trạng sức khỏe", facts.text("health_status")),
               Part("Chiều cao", facts.text("height_cm"), " cm" if facts.text("height_cm") else ""),
               Part("Cân nặng", facts.text("weight_kg"), " kg" if facts.text("weight_kg") else ""),
               Part("Nhóm máu", facts.text("blood_type")))
    items.line("24)", Part("Là thương binh hạng, là con gia đình chính sách", facts.text("policy_category")))
    items.note("(Con thương binh, con liệt sĩ, người nhiễm chất độc da cam Dioxin)")
    items.line("25)", Part("Số chứng minh nhân dân (số định danh cá nhân)", str(facts.identity.get("national_id") or "")),
               Part("Ngày cấp", facts.when("national_id_issued_on")))
    items.line("26)", Part("Số sổ BHXH", facts.text("social_insurance_number")))

    items.heading("27)", "ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ, TIN HỌC")
    items.add(Table(TRAINING_HEADERS, TRAINING_WIDTHS, facts.training_rows()))
    items.note("Ghi chú: Hình thức đào tạo: Chính quy, tại chức, chuyên tu, bồi dưỡng … / Văn bằng: TSKH, TS, "
               "Ths, Cử nhân, Kỹ sư …")
    items.heading("28)", "TÓM TẮT QUÁ TRÌNH CÔNG TÁC")
    items.add(Table(WORK_HEADERS, WORK_WIDTHS, facts.work_rows(), blank_rows=3))
    items.heading("29)", "ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN")
    for prompt in HISTORY_PROMPTS:
        items.note(prompt)
    items.add(Text(facts.text("personal_history_notes"), lines=3))
    items.heading("30)", "QUAN HỆ GIA ĐÌNH")
    items.add(Table(FAMILY_HEADERS, FAMILY_WIDTHS, facts.own_family(), blank_rows=4,
                    caption="a) Về bản thân: Cha, Mẹ, Vợ (hoặc chồng), các con, anh chị em ruột"))
    items.add(Table(FAMILY_HEADERS, FAMILY_WIDTHS, facts.spouse_family(), blank_rows=3,
                    caption="b) Về bên vợ (hoặc chồng): Cha, Mẹ, anh chị em ruột"))
    items.heading("31)", "DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC")
    for table in _salary_tables(facts):
        items.add(table)
    items.heading("32)", "NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG CÁN BỘ, CÔNG CHỨC")
    items.add(Text(facts.text("agency_assessment"), lines=4))

    place, declarant, confirmer = _closing(facts, context, "Thủ trưởng cơ quan, đơn vị quản lý và sử dụng CBCC")
    return Resume(
        form_code="Mẫu 2C-BNV/2008",
        basis="(Ban hành kèm theo Quyết định số 02/2008/QĐ-BNV ngày 06/10/2008 của Bộ trưởng Bộ Nội vụ)",
        header=(Part("Cơ quan, đơn vị có thẩm quyền quản lý CBCC", context.managing_agency),
                Part("Cơ quan, đơn vị sử dụng CBCC", context.using_unit),
                Part("Số hiệu cán bộ, công chức", "")),
        title="SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC",
        blocks=tuple(items.blocks), place_and_date=place, declarant=declarant, confirmer=confirmer,
        document_title=f"Sơ yếu lý lịch – {facts.full_name}", photo=context.photo,
        footer=_footer(facts), items=tuple(items.labels),
    )


def _form_hs02(facts: Facts, context: ResumeContext) -> Resume:
    items = _Items()
    _identity(items, facts)
    items.line("8)", Part("Số căn cước công dân (số định danh cá nhân)", str(facts.identity.get("national_id") or "")),
               Part("Ngày cấp", facts.when("national_id_issued_on")))
    items.line("9)", Part("Số sổ BHXH", facts.text("social_insurance_number")),
               Part("Số thẻ BHYT", facts.text("health_insurance_number")))
    items.line("10)", Part("Nơi đăng ký hộ khẩu thường trú", facts.text("permanent_address")))
    items.more(Part("Nơi ở hiện nay", facts.text("current_address")))
    items.more(Part("Điện thoại", facts.text("phone")), Part("Thư điện tử", facts.text("email")))
    items.line("11)", Part("Thành phần gia đình xuất thân"))
    items.line("12)", Part("Nghề nghiệp bản thân trước khi được tuyển dụng", facts.text("occupation_before_recruitment")))
    items.line("13)", Part("Ngày được tuyển dụng lần đầu", facts.when("first_recruited_on")),
               Part("Cơ quan, đơn vị tuyển dụng", facts.text("recruiting_agency")))
    items.line("14)", Part("Ngày vào cơ quan hiện đang công tác", facts.when("joined_current_agency_on")))
    items.line("15)", Part("Ngày vào Đảng Cộng sản Việt Nam", facts.when("party_admitted_on")),
               Part("Ngày chính thức", facts.when("party_official_on")))
    items.line("16)", Part("Ngày tham gia tổ chức chính trị - xã hội", facts.memberships))
    items.line("17)", Part("Ngày nhập ngũ", facts.when("military_enlisted_on")),
               Part("Ngày xuất ngũ", facts.when("military_discharged_on")),
               Part("Quân hàm cao nhất", facts.text("military_rank")))
    items.line("18)", Part("Đối tượng chính sách", facts.text("policy_category")))
    items.note("(Thương binh hạng …, con thương binh, con liệt sĩ, người nhiễm chất độc da cam Dioxin, …)")
    items.line("19)", Part("Trình độ giáo dục phổ thông", facts.text("general_education")))
    items.line("20)", Part("Trình độ chuyên môn cao nhất", facts.highest_qualification))
    items.more(Part("Lý luận chính trị", facts.name_of("political_theory_level", "political_theory_level_code")),
               Part("Quản lý nhà nước", facts.text("state_management_level")))
    items.more(Part("Ngoại ngữ", facts.languages), Part("Tin học", facts.text("it_level")),
               Part("Tiếng dân tộc thiểu số", facts.text("ethnic_language")))
    items.line("21)", Part("Học hàm", facts.text("academic_title")))
    items.line("22)", Part("Danh hiệu nhà nước phong tặng", facts.text("honours")))
    items.line("23)", Part("Chức vụ hiện tại", facts.text("current_position")),
               Part("Ngày bổ nhiệm", facts.when("position_appointed_on")))
    items.line("24)", Part("Được quy hoạch chức danh", facts.plannings))
    items.line("25)", Part("Chức vụ kiêm nhiệm", facts.text("concurrent_positions")))
    items.line("26)", Part("Chức vụ Đảng hiện tại", facts.text("party_position")))
    items.line("27)", Part("Chức vụ Đảng kiêm nhiệm"))
    items.line("28)", Part("Công việc chính được giao", facts.text("main_duties")))
    items.more(Part("Vị trí việc làm", facts.text("job_position")))
    items.line("29)", Part("Sở trường công tác"), Part("Công việc đã làm lâu nhất"))
    items.line("30)", Part("Chức danh nghề nghiệp", facts.title_name or facts.rank_name),
               Part("Mã số", facts.code("professional_title_code") or facts.code("rank_code")))
    items.more(Part("Bậc lương", facts.text("salary_step")), Part("Hệ số", facts.coefficient),
               Part("Ngày hưởng", facts.when("salary_effective_on")),
               Part("Phụ cấp thâm niên vượt khung", facts.over_frame))
    items.more(Part("Phụ cấp chức vụ", facts.allowances("position")),
               Part("Phụ cấp khác", facts.allowances("responsibility", "region", "seniority", "other")))
    items.line("31)", Part("Tình trạng sức khỏe", facts.text("health_status")),
               Part("Chiều cao", facts.text("height_cm"), " cm" if facts.text("height_cm") else ""),
               Part("Cân nặng", facts.text("weight_kg"), " kg" if facts.text("weight_kg") else ""),
               Part("Nhóm máu", facts.text("blood_type")))

    items.heading("32)", "QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG")
    kinds = Training.Kind
    parts = (
        ("32.1- Chuyên môn, nghiệp vụ", facts.training_rows(kinds.PROFESSIONAL)),
        ("32.2- Lý luận chính trị", facts.training_rows(kinds.POLITICAL_THEORY, degrees=False)),
        ("32.3- Quản lý nhà nước, chức danh nghề nghiệp, bồi dưỡng theo ngành",
         facts.training_rows(kinds.STATE_MANAGEMENT, degrees=False)),
        ("32.4- Bồi dưỡng kiến thức quốc phòng, an ninh", facts.training_rows(kinds.DEFENCE, degrees=False)),
        ("32.5- Tin học", facts.training_rows(kinds.IT, degrees=False)),
        ("32.6- Ngoại ngữ, tiếng dân tộc", facts.language_rows()),
    )
    for caption, rows in parts:
        items.add(Table(TRAINING_HEADERS, TRAINING_WIDTHS, rows, caption=caption, blank_rows=1))
    items.heading("33)", "TÓM TẮT QUÁ TRÌNH CÔNG TÁC")
    items.add(Table(WORK_HEADERS, WORK_WIDTHS, facts.work_rows(), blank_rows=3))
    items.heading("34)", "ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN")
    for prompt in HISTORY_PROMPTS:
        items.note(prompt)
    items.add(Text(facts.text("personal_history_notes"), lines=3))
    items.heading("35)", "KHEN THƯỞNG, KỶ LUẬT, ĐÁNH GIÁ")
    items.add(Table(("Năm", "Hình thức khen thưởng", "Cấp khen thưởng", "Số quyết định"), (12, 48, 30, 30),
                    facts.reward_rows(), caption="35.1- Khen thưởng", blank_rows=1))
    items.add(Table(("Năm", "Hình thức kỷ luật", "Lý do", "Số quyết định"), (12, 30, 48, 30),
                    facts.discipline_rows(), caption="35.2- Kỷ luật", blank_rows=1))
    items.add(Table(("Năm", "Kết quả đánh giá, xếp loại", "Danh hiệu thi đua", "Hình thức khen thưởng"),
                    (12, 48, 30, 30), facts.evaluation_rows(), caption="35.3- Kết quả đánh giá, xếp loại",
                    blank_rows=1))
    items.heading("36)", "QUAN HỆ GIA ĐÌNH")
    items.add(Table(FAMILY_HEADERS, FAMILY_WIDTHS, facts.own_family(), blank_rows=4,
                    caption="36.1- Về bản thân: Cha, Mẹ, Vợ (hoặc chồng), các con, anh chị em ruột"))
    items.add(Table(FAMILY_HEADERS, FAMILY_WIDTHS, facts.spouse_family(), blank_rows=3,
                    caption="36.2- Về bên vợ (hoặc chồng): Cha, Mẹ, anh chị em ruột"))
    items.heading("37)", "HOÀN CẢNH KINH TẾ GIA ĐÌNH")
    for table in _salary_tables(facts, caption="37.1- Quá trình lương của bản thân"):
        items.add(table)
    items.add(Text("", label="37.2- Nguồn thu nhập khác của bản thân", lines=1))
    items.add(Text(facts.text("economic_situation"), label="37.3- Nhà ở, đất ở và các nguồn thu nhập của gia đình",
                   lines=2))
    items.heading("", "NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG VIÊN CHỨC")
    items.add(Text(facts.text("agency_assessment"), lines=4))

    place, declarant, confirmer = _closing(facts, context, "Thủ trưởng cơ quan, đơn vị quản lý và sử dụng viên chức")
    return Resume(
        form_code="Mẫu HS02-VC/BNV",
        basis="(Ban hành kèm theo Thông tư số 07/2019/TT-BNV ngày 01/6/2019 của Bộ trưởng Bộ Nội vụ)",
        header=(Part("Cơ quan quản lý viên chức", context.managing_agency),
                Part("Đơn vị sử dụng viên chức", context.using_unit),
                Part("Số hiệu viên chức", "")),
        title="SƠ YẾU LÝ LỊCH VIÊN CHỨC",
        blocks=tuple(items.blocks), place_and_date=place, declarant=declarant, confirmer=confirmer,
        document_title=f"Sơ yếu lý lịch – {facts.full_name}", photo=context.photo,
        footer=_footer(facts), items=tuple(items.labels),
    )


def _footer(facts: Facts) -> str:
    return f"Hồ sơ phiên bản {facts.version}" if facts.version else ""
