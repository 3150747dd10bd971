"""Every duty each province's text lays down, with what hoso does about it.

One table per text version (keyed by the preset document's code, `rules.domain.presets`): the
rules page shows the tables of the texts the province's rules in force cite, so the DoHA sees
which duties the software enforces, which it only records, which lie outside the software,
and which it does not meet yet. Each row cites its article as the preset does, names the rule
keys that carry its values (if any) and the page where hoso handles it (a URL name of the
province site, resolved by the page; rules know no web layer).

What must not change without checking the software: a status of "enforced" claims a test that
refuses or dates the act; "missing" is the honest answer until the feature is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rules.domain.registry import RuleKey

ProvisionStatus = Literal["enforced", "recorded", "outside", "missing"]

STATUS_LABELS: dict[ProvisionStatus, str] = {
    "enforced": "Phần mềm bảo đảm",
    "recorded": "Chỉ ghi nhận",
    "outside": "Ngoài phần mềm",
    "missing": "Chưa đáp ứng",
}


@dataclass(frozen=True)
class Provision:
    """One duty of a text: its article (as the text numbers it), what it asks, and hoso's part."""

    article: str
    duty: str
    status: ProvisionStatus
    how: str
    link: str | None = None
    keys: tuple[RuleKey, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _p(article: str, duty: str, status: ProvisionStatus, how: str, link: str | None = None,
       *keys: RuleKey) -> Provision:
    return Provision(article, duty, status, how, link, keys)


# Shared wording: the same feature answers the same duty in every province.
_FORMS = "Mẫu sơ yếu lý lịch (Thông tư 06/2023/TT-BNV) cho cán bộ, công chức, viên chức; mẫu hợp đồng lao động (Phụ lục II Thông tư 05/2023/TT-BNV) cho người lao động"
_FORMS_HOW = "Hồ sơ theo nhóm thông tin của mẫu; xuất sơ yếu lý lịch đúng mẫu theo đối tượng."
_UPDATE_HOW = "Mỗi thay đổi mở nghĩa vụ có hạn theo ngày làm việc; thay đổi chưa có bản số hóa văn bản chứng minh thì không gửi được."
_CONSENT_HOW = "Cá nhân không có quyền quản trị chỉ xem hồ sơ của mình; xem hồ sơ người khác cần văn bản đồng ý được ghi nhận; mọi lần xem được ghi lại."
_RESTRICTED_HOW = "Chưa có mức hạn chế tiếp cận theo từng trường và mã hóa trường thông tin (thuộc một issue khác)."
_DIRECTOR_HOW = ("Sở Nội vụ ký số trong thời gian quy định; chỉ Giám đốc Sở (quyền được ghi là thủ trưởng) hoặc người "
                 "có văn bản ủy quyền của Giám đốc (số, ngày ghi kèm quyền) được ký, người khác bị từ chối.")
_UNIT_WINDOW_HOW = "Ký duyệt của đơn vị chỉ mở trong thời gian quy chế quy định; hạn phê duyệt là nghĩa vụ của đơn vị."
_DOHA_WINDOW_HOW = "Sở Nội vụ ký số phê duyệt trong thời gian quy định; ngoài thời gian đó bị từ chối."
_DOHA_SIGNS_HOW = "Gói đồng bộ chỉ được gửi lên CSDL quốc gia sau khi Sở Nội vụ ký số phê duyệt; kiểm tra danh mục quốc gia trước khi gửi."
_BACKUP_HOW = "Sao lưu mã hóa hằng tháng, giữ tối thiểu theo quy chế, trên kho lưu trữ riêng; nghĩa vụ sao lưu có hạn."
_TIERS_HOW = "Tài khoản cấp theo phân cấp; quản trị cấp trên cấp, khóa, mở lại tài khoản và quyền, có ghi nhật ký."
_ID_HOW = "Tài khoản cá nhân đăng nhập bằng số định danh cá nhân 12 chữ số, được kiểm tra khi tạo."
_FIRST_PASSWORD_HOW = "Tài khoản mới phải đổi mật khẩu ở lần đăng nhập đầu."
_SSO_HOW = "Chưa tích hợp tài khoản dùng chung của tỉnh (thuộc một issue khác)."
_LEGACY_HOW = "Địa chỉ hệ thống hiện hành của tỉnh được ghi trong quy chế; hoso thay thế hệ thống đó."
_TECH_CHECK_HOW = ("Vai trò “Cơ quan kỹ thuật” (cấp trên toàn tỉnh) xem sao lưu, diễn tập khôi phục, tình trạng đồng bộ "
                   "CSDL quốc gia và bảo trì, không xem hồ sơ cá nhân; mỗi lần kiểm tra (ngày, nội dung, kết quả, ghi chú, "
                   "người ghi) được ghi lại. Quy chế không nêu kỳ hạn kiểm tra nên không có nghĩa vụ có hạn; bản sao lưu "
                   "nằm trên kho lưu trữ riêng, tách khỏi kho tài liệu.")
_COMPLETENESS_HOW = ("Mỗi hồ sơ được đối chiếu với các mục bắt buộc của mẫu sơ yếu lý lịch; danh sách hồ sơ chưa đầy đủ "
                     "theo đơn vị, kèm mục còn thiếu (tải CSV, XLSX); số hồ sơ chưa đầy đủ của từng đơn vị trên trang "
                     "tuân thủ (và trong API tuân thủ); mỗi tháng một lần, cá nhân được nhắc các mục còn thiếu và "
                     "người được giao kiểm tra được nhắc số hồ sơ chưa đầy đủ của đơn vị; nghĩa vụ nhập hồ sơ lần "
                     "đầu chỉ đóng khi hồ sơ đầy đủ.")
_EMULATION_HOW = ("Điểm hằng năm của từng đơn vị tính từ việc đúng hạn, hồ sơ đầy đủ, phê duyệt và báo cáo, theo "
                  "trọng số là một quy tắc của tỉnh; xem chi tiết từng tiêu chí, tải XLSX cho Hội đồng thi đua. "
                  "Việc đưa điểm vào xét thi đua do Hội đồng quyết định.")
_HALF_YEAR_HOW = ("Hạn báo cáo 31/5 và 30/11 là nghĩa vụ của đơn vị; dự thảo báo cáo tự lập kết quả trong kỳ theo từng đơn vị: "
                  "đề nghị cập nhật gửi và được phê duyệt, hồ sơ được CSDL quốc gia tiếp nhận, gói đồng bộ bị từ chối, "
                  "việc trễ hạn; đơn vị ký số và gửi trên phần mềm.")
_YEARLY_REPORT_HOW = "Hạn báo cáo là nghĩa vụ có hạn; báo cáo lập từ số liệu (tổng số theo ngạch, chức danh nghề nghiệp, vị trí việc làm), ký số và gửi trên phần mềm."
_ORG_CODE_HOW = "Mỗi cơ quan, đơn vị có mã định danh điện tử, được kiểm tra khi tạo và dùng trong gói đồng bộ."
_SIGNED_PDF_HOW = "Hồ sơ xuất PDF được ký số."
_ARCHIVE_HOW = "Hồ sơ người nghỉ, chuyển đi được chuyển vào kho lưu riêng, không xóa."
_STATS_HOW = "Thống kê, báo cáo toàn tỉnh và theo đơn vị."
_NO_SYNC_HOW = "Tiếp nhận từ hệ thống không đồng bộ được: đơn vị mới tạo hồ sơ mới."
_FINANCE = "Bố trí kinh phí cho cơ sở dữ liệu"
_FINANCE_HOW = "Việc của cơ quan tài chính, không thuộc phần mềm."
_PASSWORD_SECRET_HOW = "Mật khẩu chỉ lưu dạng băm; giữ bí mật là trách nhiệm của người dùng."
_TRAINING_HOW = "Tập huấn, bồi dưỡng do Sở Nội vụ tổ chức ngoài phần mềm."
_INSPECT_HOW = "Kiểm tra, xử lý vi phạm là việc của cơ quan; trang tuân thủ cho thấy nghĩa vụ quá hạn của từng đơn vị."
_NETWORK_HOW = "Hạ tầng mạng, đường truyền chuyên dùng và nền tảng tích hợp do cơ quan kỹ thuật bảo đảm."

K = RuleKey

LAI_CHAU: tuple[Provision, ...] = (
    _p("Mục 2.1", "Mỗi người được cấp 01 tài khoản; tự khai báo và cập nhật kịp thời thông tin của mình", "enforced",
       "Mỗi người một tài khoản cá nhân; người đó tự nhập và gửi thay đổi hồ sơ của mình.", "frontend:my-dossier"),
    _p("Mục 2.1", "Mỗi cơ quan, đơn vị cử 01 công chức, viên chức làm đầu mối, quản trị viên cơ sở dữ liệu", "enforced",
       "Mỗi đơn vị chỉ có một quản trị dữ liệu, giao bằng quyết định của thủ trưởng được ghi kèm quyền.",
       "frontend:accounts", K.UNIT_DATA_ADMIN),
    _p("Mục 2.1", "Người không có quyền quản trị chỉ khai thác dữ liệu của mình, trừ khi cơ quan có thẩm quyền đồng ý bằng văn bản",
       "enforced", _CONSENT_HOW, "frontend:accounts", K.OWN_DATA_ONLY_WITHOUT_CONSENT),
    _p("Mục 2.1", "Dữ liệu được quản lý theo độ hạn chế tiếp cận, mã hóa một số trường thông tin", "missing",
       _RESTRICTED_HOW, None, K.RESTRICTED_ACCESS),
    _p("Mục 2.1", "Không yêu cầu khai báo lại thông tin đã có trong cơ sở dữ liệu", "recorded",
       "Người tiếp nhận từ ngoài tỉnh được nhập dữ liệu từ CSDL quốc gia; việc không đòi giấy tờ lại là việc của cơ quan.",
       "frontend:transfer-list"),
    _p("Mục 2.2", _FORMS, "enforced", _FORMS_HOW, "frontend:my-dossier"),
    _p("Mục 2.2", "Cá nhân hoàn thành nhập liệu trong 05 ngày làm việc kể từ ngày được cấp tài khoản", "enforced",
       "Tạo tài khoản mở nghĩa vụ nhập hồ sơ lần đầu với hạn 05 ngày làm việc, có nhắc hạn.",
       "frontend:duty-list", K.FIRST_ENTRY),
    _p("Mục 2.2", "Cập nhật thay đổi chậm nhất 15 ngày làm việc kể từ ngày có thay đổi, kèm bản số hóa tài liệu", "enforced",
       _UPDATE_HOW, "frontend:my-dossier", K.PERSONAL_UPDATE),
    _p("Mục 2.2", "Người đứng đầu chỉ đạo việc cập nhật, đồng bộ và chịu trách nhiệm về sai sót", "outside",
       "Trách nhiệm của người đứng đầu; phần mềm cho thấy nghĩa vụ quá hạn của đơn vị.", "frontend:compliance"),
    _p("Mục 2.3", "Người có thẩm quyền của đơn vị (hoặc người được ủy quyền) phê duyệt dữ liệu trong 05 ngày làm việc cuối tháng",
       "enforced", _UNIT_WINDOW_HOW, "frontend:approvals:home", K.WINDOW_UNIT),
    _p("Mục 2.3", "Sở Nội vụ phê duyệt bằng ký số dữ liệu của tỉnh trong 05 ngày làm việc cuối tháng", "enforced",
       _DOHA_WINDOW_HOW, "frontend:approvals:doha-home", K.WINDOW_PROVINCE),
    _p("Mục 2.4", "Sở Nội vụ dùng tài khoản quản trị để cấp, phân quyền tài khoản cho các cơ quan theo phân cấp", "enforced",
       _TIERS_HOW, "frontend:accounts", K.ACCOUNT_TIERS),
    _p("Mục 2.4", "Tài khoản cho đơn vị trực thuộc chỉ khi có văn bản thống nhất của Sở Nội vụ", "enforced",
       "Tài khoản đơn vị trực thuộc không có văn bản thống nhất của Sở Nội vụ (số, ngày) bị từ chối.",
       "frontend:accounts", K.SUBUNIT_ACCOUNT_DOHA_AGREEMENT),
    _p("Mục 2.4", "Giao quản lý tài khoản đơn vị cho cá nhân bằng quyết định của thủ trưởng", "enforced",
       "Quyền quản trị dữ liệu chỉ cấp khi ghi số, ngày quyết định của thủ trưởng.",
       "frontend:accounts", K.DATA_ADMIN_BY_HEAD_DECISION),
    _p("Mục 2.4", "Cá nhân bảo đảm bí mật thông tin tài khoản được cấp", "outside", _PASSWORD_SECRET_HOW,
       "frontend:password-change"),
    _p("Mục 2.5", "Sở Nội vụ, cơ quan, đơn vị khai thác dữ liệu tổng hợp, phân tích theo thẩm quyền", "enforced",
       _STATS_HOW, "frontend:reports-statistics"),
    _p("Mục 2.5", "Văn bản điện tử xuất từ cơ sở dữ liệu, được ký số, có giá trị như bản gốc", "enforced",
       _SIGNED_PDF_HOW, "frontend:people"),
    _p("Mục 2.6", "Sở Nội vụ khai thác CSDL quốc gia qua Cổng thông tin bằng tài khoản Bộ Nội vụ cấp; đơn vị truy cập qua địa chỉ của tỉnh",
       "recorded", _LEGACY_HOW, None, K.LEGACY_SYSTEM_URL),
    _p("Mục 2.7", "Tiếp nhận từ ngoài tỉnh: trong 10 ngày làm việc kể từ ngày chuyển giao hồ sơ, đơn vị tiếp nhận tạo tài khoản và đồng bộ dữ liệu",
       "enforced", "Theo quy tắc “cách tiếp nhận”: đơn vị tiếp nhận tạo tài khoản, có nghĩa vụ tự đồng bộ dữ liệu trong 10 ngày làm việc và ghi nhận bước này; không qua văn bản đề nghị Sở Nội vụ.",
       "frontend:transfer-list", K.TRANSFER_IN_FROM_OUTSIDE, K.ARRIVAL_FLOW),
    _p("Mục 2.7", "Điều chuyển trong cùng đơn vị: chuyển hồ sơ trên phần mềm trong 05 ngày làm việc kể từ khi văn bản có hiệu lực",
       "enforced", "Quyết định điều chuyển mở nghĩa vụ có hạn cho đơn vị.", "frontend:transfer-list", K.MOVE_WITHIN_UNIT),
    _p("Mục 2.7", "Chuyển sang đơn vị khác: đơn vị cũ chuyển hồ sơ trong 05 ngày làm việc kể từ ngày văn bản có hiệu lực",
       "enforced", "Đơn vị cũ có nghĩa vụ bàn giao, đơn vị mới có nghĩa vụ tiếp nhận, mỗi bên một hạn; thay đổi đi qua phê duyệt và đồng bộ.",
       "frontend:transfer-list", K.MOVE_TO_OTHER_UNIT),
    _p("Mục 2.7", "Chuyển đến từ khối Đảng, đoàn thể hoặc hệ thống không đồng bộ được: đơn vị mới tạo lập hồ sơ mới",
       "enforced", _NO_SYNC_HOW, "frontend:transfer-receive"),
    _p("Mục 2.7", "Chuyển ra ngoài tỉnh, ra khỏi khu vực nhà nước, nghỉ hưu, thôi việc, qua đời: điều chỉnh tình trạng hồ sơ trong 10 ngày làm việc",
       "enforced", "Quyết định nghỉ mở nghĩa vụ có hạn; tình trạng mới được đồng bộ lên CSDL quốc gia.",
       "frontend:transfer-list", K.LEAVE),
    _p("Mục 2.8", "Sở Nội vụ sao lưu hằng tháng, giữ tối thiểu 03 tháng trên phương tiện lưu trữ chuyên dụng", "enforced",
       _BACKUP_HOW, "frontend:backups", K.BACKUP),
    _p("Mục 2.9", "Sở Nội vụ ký số phê duyệt trước khi đồng bộ dữ liệu của tỉnh với CSDL quốc gia", "enforced",
       _DOHA_SIGNS_HOW, "frontend:approvals:doha-packets", K.DOHA_SIGNS_BEFORE_SYNC),
    _p("Mục 2.9", "Kết nối qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia, phối hợp với Sở Thông tin và Truyền thông", "outside",
       _NETWORK_HOW, None, K.TECH_AGENCY),
)

TUYEN_QUANG: tuple[Provision, ...] = (
    _p("Điều 1 khoản 2", "Nội dung Quy chế không quy định thì thực hiện theo Thông tư 06/2023/TT-BNV", "enforced",
       "Quy tắc tỉnh không quy định được lấy từ quy định quốc gia, ghi rõ nguồn.", "frontend:rules-overview"),
    _p("Điều 4 khoản 1", "Địa chỉ truy cập cơ sở dữ liệu của tỉnh", "recorded", _LEGACY_HOW, None, K.LEGACY_SYSTEM_URL),
    _p("Điều 4 khoản 2", "Nội dung quản lý: tài khoản, hồ sơ, báo cáo thống kê, tổ chức, tuyển dụng, đào tạo, khen thưởng, kỷ luật, lương, quá trình công tác, bổ nhiệm, quy hoạch, đánh giá, quản trị hệ thống",
       "recorded", "Có tài khoản, hồ sơ, thống kê, cây tổ chức, lương, bổ nhiệm, sao lưu và khôi phục; tuyển dụng, quy hoạch, đánh giá chỉ là thông tin trong hồ sơ.",
       "frontend:people"),
    _p("Điều 5 khoản 1", "Sở Nội vụ dùng tài khoản quản trị để cấp, đổi, phân quyền tài khoản theo phân cấp", "enforced",
       _TIERS_HOW, "frontend:accounts", K.ACCOUNT_TIERS),
    _p("Điều 5 khoản 2", "Mỗi cơ quan, tổ chức, đơn vị được cấp 01 tài khoản; đơn vị tạo tài khoản cá nhân", "enforced",
       "Tài khoản thứ hai của một đơn vị và tầng đơn vị trực thuộc bị từ chối.", "frontend:accounts", K.ONE_ACCOUNT_PER_UNIT),
    _p("Điều 5 khoản 3", "Người được giao bảo quản, bảo đảm an toàn tài khoản của đơn vị", "outside", _PASSWORD_SECRET_HOW,
       "frontend:password-change"),
    _p("Điều 6", "Người có thẩm quyền hoặc được ủy quyền phê duyệt dữ liệu trong 05 ngày cuối tháng", "enforced",
       _UNIT_WINDOW_HOW, "frontend:approvals:home", K.WINDOW_UNIT),
    _p("Điều 7 khoản 2", "Sở Nội vụ tổng hợp, phân tích và đồng bộ dữ liệu vào CSDL quốc gia", "enforced",
       _DOHA_SIGNS_HOW, "frontend:approvals:doha-packets"),
    _p("Điều 8 khoản 1", "Đơn vị phê duyệt dữ liệu và đôn đốc việc nhập, cập nhật thông tin", "enforced",
       "Nghĩa vụ có hạn của từng người và đơn vị, nhắc trước hạn và khi quá hạn.", "frontend:duty-list"),
    _p("Điều 8 khoản 2", "Đưa việc cập nhật thông tin và đồng bộ vào tiêu chí đánh giá, xét thi đua cuối năm", "recorded",
       _EMULATION_HOW, "frontend:reports-scores", K.SCORE_METHOD),
    _p("Điều 8 khoản 4; Điều 11 khoản 6", "Hướng dẫn, đôn đốc, kiểm tra; xử lý vi phạm", "outside", _INSPECT_HOW,
       "frontend:compliance"),
    _p("Điều 8 khoản 5", "Đơn vị báo cáo tình hình quản lý cơ sở dữ liệu năm trước, chậm nhất 10/01", "enforced",
       _YEARLY_REPORT_HOW, "frontend:reports-list", K.REPORTS),
    _p("Điều 9 khoản 1, 2, 4", "Sở Thông tin và Truyền thông bảo đảm hạ tầng kết nối, an toàn thông tin", "outside",
       _NETWORK_HOW, None, K.TECH_AGENCY),
    _p("Điều 9 khoản 3; Điều 11 khoản 9", "Sở Nội vụ với Sở Thông tin và Truyền thông định kỳ sao lưu, kiểm tra sao lưu, lưu trên thiết bị chuyên dụng",
       "enforced", _BACKUP_HOW, "frontend:backups", K.BACKUP),
    _p("Điều 11 khoản 9", "Cơ quan kỹ thuật cùng kiểm tra định kỳ việc lưu trữ, sao lưu", "recorded", _TECH_CHECK_HOW,
       "frontend:tech-checks"),
    _p("Điều 10", _FINANCE, "outside", _FINANCE_HOW),
    _p("Điều 11 khoản 2", "Dùng mã định danh điện tử của cơ quan, tổ chức (Quyết định 20/2020/QĐ-TTg)", "enforced",
       _ORG_CODE_HOW, "frontend:org-tree"),
    _p("Điều 11 khoản 4", "Cấp, hạn chế, mở rộng, hủy quyền truy cập trên cơ sở đề nghị bằng văn bản", "enforced",
       "Cấp, thu hồi quyền bị từ chối khi chưa có số, ngày văn bản đề nghị của cơ quan quản lý có thẩm quyền; văn bản "
       "(và bản số hóa, nếu có) được ghi kèm quyền; khóa, mở lại tài khoản ghi văn bản đề nghị.", "frontend:accounts",
       K.ACCESS_CHANGE_WRITTEN_REQUEST),
    _p("Điều 11 khoản 5", "Tập huấn cho người làm công tác quản lý cơ sở dữ liệu", "outside", _TRAINING_HOW),
    _p("Điều 11 khoản 7", "Sở Nội vụ báo cáo Bộ Nội vụ qua UBND tỉnh, chậm nhất 25/01", "enforced", _YEARLY_REPORT_HOW,
       "frontend:reports-list", K.REPORTS),
    _p("Điều 11 khoản 8", "Quy trình mã hóa dữ liệu để bảo đảm an toàn thông tin", "missing", _RESTRICTED_HOW, None,
       K.RESTRICTED_ACCESS),
)

LAO_CAI: tuple[Provision, ...] = (
    _p("Điều 2 Quyết định", "Ngày hiệu lực của Quyết định", "recorded",
       "Ngày đọc từ bản OCR còn nghi vấn; nêu trên trang này cho đến khi quản trị Sở Nội vụ xác nhận.",
       "frontend:rules-overview"),
    _p("Điều 3 khoản 3", "Đổi mật khẩu sau khi được cấp", "enforced", _FIRST_PASSWORD_HOW, "frontend:password-change",
       K.PASSWORD_CHANGE_AT_FIRST_SIGN_IN),
    _p("Điều 3 khoản 4", "Tài khoản cá nhân là số định danh cá nhân", "enforced", _ID_HOW, "frontend:accounts",
       K.NATIONAL_ID_LOGIN),
    _p("Điều 4 khoản 3", "Quản lý theo độ hạn chế tiếp cận, mã hóa một số trường", "missing", _RESTRICTED_HOW, None,
       K.RESTRICTED_ACCESS),
    _p("Điều 4 khoản 4", "Chỉ khai thác dữ liệu của mình, trừ khi được đồng ý bằng văn bản", "enforced", _CONSENT_HOW,
       "frontend:accounts", K.OWN_DATA_ONLY_WITHOUT_CONSENT),
    _p("Điều 6 khoản 1", _FORMS, "enforced", _FORMS_HOW, "frontend:my-dossier"),
    _p("Điều 6 khoản 2", "Cá nhân tự nhập dữ liệu; tài khoản theo phân cấp Sở Nội vụ → cơ quan → đơn vị trực thuộc → cá nhân",
       "enforced", _TIERS_HOW, "frontend:accounts", K.ACCOUNT_TIERS),
    _p("Điều 6 khoản 3", "Cập nhật thay đổi trong 15 ngày làm việc kèm bản số hóa tài liệu", "enforced", _UPDATE_HOW,
       "frontend:my-dossier", K.PERSONAL_UPDATE),
    _p("Điều 7 khoản 1", "Sở Nội vụ phê duyệt ký số trong 05 ngày cuối tháng; ngày cuối trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp",
       "enforced", _DOHA_WINDOW_HOW, "frontend:approvals:doha-home", K.WINDOW_PROVINCE),
    _p("Điều 7 khoản 2", "Đơn vị phê duyệt ký số từ ngày 21 đến hết ngày 25; ngày cuối trùng ngày nghỉ thì lùi", "enforced",
       _UNIT_WINDOW_HOW, "frontend:approvals:home", K.WINDOW_UNIT),
    _p("Điều 9 khoản 1", "Địa chỉ truy cập phần mềm của tỉnh", "recorded", _LEGACY_HOW, None, K.LEGACY_SYSTEM_URL),
    _p("Điều 9 khoản 4", "Đăng nhập bằng tài khoản dùng chung của tỉnh khi đã tích hợp", "missing", _SSO_HOW, None,
       K.SSO_ENABLED),
    _p("Điều 10 khoản 1", "Sở Nội vụ sao lưu hằng tháng, giữ tối thiểu 03 tháng, trên phương tiện chuyên dụng", "enforced",
       _BACKUP_HOW, "frontend:backups", K.BACKUP),
    _p("Điều 11 khoản 1", "Tiếp nhận từ ngoài tỉnh: trong 10 ngày làm việc, đơn vị đề nghị Sở Nội vụ bằng văn bản đồng bộ dữ liệu",
       "enforced", "Tiếp nhận mở nghĩa vụ đề nghị Sở Nội vụ (10 ngày làm việc), rồi nghĩa vụ đồng bộ của Sở Nội vụ.",
       "frontend:transfer-list", K.TRANSFER_IN_FROM_OUTSIDE, K.ARRIVAL_FLOW),
    _p("Điều 11 khoản 2", "Điều chuyển trong đơn vị trong 10 ngày làm việc", "enforced",
       "Quyết định điều chuyển mở nghĩa vụ có hạn cho đơn vị.", "frontend:transfer-list", K.MOVE_WITHIN_UNIT),
    _p("Điều 11 khoản 3", "Chuyển sang đơn vị khác: đơn vị cũ chuyển hồ sơ trong 10 ngày làm việc", "enforced",
       "Đơn vị cũ có nghĩa vụ bàn giao, đơn vị mới có nghĩa vụ tiếp nhận, mỗi bên một hạn.", "frontend:transfer-list",
       K.MOVE_TO_OTHER_UNIT),
    _p("Điều 11 khoản 4", "Chuyển đến từ hệ thống không đồng bộ được: tạo hồ sơ mới", "enforced", _NO_SYNC_HOW,
       "frontend:transfer-receive"),
    _p("Điều 11 khoản 5", "Nghỉ, chuyển ra ngoài: điều chỉnh tình trạng hồ sơ trong 10 ngày làm việc", "enforced",
       "Quyết định nghỉ mở nghĩa vụ có hạn; tình trạng mới được đồng bộ lên CSDL quốc gia.", "frontend:transfer-list",
       K.LEAVE),
    _p("Điều 12 khoản 3", "Sở Nội vụ ký số phê duyệt trước khi đồng bộ với CSDL quốc gia", "enforced", _DOHA_SIGNS_HOW,
       "frontend:approvals:doha-packets", K.DOHA_SIGNS_BEFORE_SYNC),
    _p("Điều 14 khoản 3", "Người được giao kiểm tra, duyệt hồ sơ mới, hồ sơ có thay đổi", "enforced",
       "Thay đổi gửi lên vào hàng chờ kiểm tra của đơn vị, có nghĩa vụ kiểm tra.", "frontend:review-queue", K.UNIT_REVIEW),
    _p("Điều 14 khoản 4", "Đôn đốc cập nhật hoàn thiện, đầy đủ các trường thông tin", "enforced", _COMPLETENESS_HOW,
       "frontend:incomplete-dossiers"),
    _p("Điều 15 khoản 2", "Đơn vị cấp, hạn chế, mở rộng, hủy quyền truy cập theo phân cấp", "enforced", _TIERS_HOW,
       "frontend:accounts"),
    _p("Điều 15 khoản 4; Điều 16 khoản 5, 6", "Đôn đốc, kiểm tra, xử lý vi phạm trong cập nhật dữ liệu", "outside",
       _INSPECT_HOW, "frontend:compliance"),
    _p("Điều 15 khoản 7", "Báo cáo kết quả quản lý, cập nhật, phê duyệt, đồng bộ dữ liệu vào ngày 31/5 và 30/11", "enforced",
       _HALF_YEAR_HOW, "frontend:reports-list", K.REPORTS),
    _p("Điều 16 khoản 4", "Tập huấn cho người quản lý, vận hành phần mềm", "outside", _TRAINING_HOW),
    _p("Điều 16 khoản 7; Điều 17 khoản 4", "Sở Nội vụ với Sở Thông tin và Truyền thông định kỳ kiểm tra lưu trữ, sao lưu trên thiết bị chuyên dụng",
       "recorded", _TECH_CHECK_HOW, "frontend:tech-checks"),
    _p("Điều 16 khoản 8", "Sở Nội vụ báo cáo Bộ Nội vụ chậm nhất 20/01 (tổng số theo ngạch, chức danh nghề nghiệp, vị trí việc làm; vướng mắc)",
       "enforced", _YEARLY_REPORT_HOW, "frontend:reports-list", K.REPORTS),
    _p("Điều 17", "Sở Thông tin và Truyền thông bảo đảm môi trường mạng, hạ tầng kết nối, an toàn thông tin", "outside",
       _NETWORK_HOW, None, K.TECH_AGENCY),
    _p("Điều 17 khoản 5", "Đưa việc ứng dụng phần mềm vào tiêu chí đánh giá chuyển đổi số (DTI) hằng năm", "recorded",
       _EMULATION_HOW, "frontend:reports-scores", K.SCORE_METHOD),
    _p("Điều 18", _FINANCE, "outside", _FINANCE_HOW),
)

SON_LA: tuple[Provision, ...] = (
    _p("Điều 3 khoản 2", "Hệ thống hoạt động 24/24 giờ, trừ thời gian bảo trì, nâng cấp có thông báo cụ thể", "enforced",
       "Sở Nội vụ hoặc cơ quan kỹ thuật thông báo lịch bảo trì (bắt đầu, dự kiến kết thúc, nội dung); lịch bắt đầu "
       "sớm hơn thời gian báo trước bị từ chối (quy chế không nêu số giờ: mặc định 24 giờ, tỉnh ghi được giá trị "
       "riêng); mọi trang của tỉnh hiện thông báo từ lúc thông báo đến khi kết thúc; trang bảo trì ghi thời điểm "
       "dự kiến hoạt động lại.", "frontend:tech-maintenance", K.AVAILABILITY, K.MAINTENANCE_NOTICE_HOURS),
    _p("Điều 3 khoản 3; Điều 11 khoản 1", "Cá nhân cập nhật đầy đủ, kịp thời, chính xác theo thời gian thực", "recorded",
       "Quy chế không nêu số ngày: thay đổi gửi được bất cứ lúc nào, kèm văn bản chứng minh; không có hạn để nhắc.",
       "frontend:my-dossier", K.PERSONAL_UPDATE),
    _p("Điều 4 khoản 2", "Quản lý theo độ hạn chế tiếp cận, mã hóa một số trường", "missing", _RESTRICTED_HOW, None,
       K.RESTRICTED_ACCESS),
    _p("Điều 5", "Cấp tài khoản quản trị theo phân cấp; cấp, hạn chế, mở rộng, hủy quyền truy cập", "enforced", _TIERS_HOW,
       "frontend:accounts", K.ACCOUNT_TIERS),
    _p("Điều 6", _FORMS, "enforced", _FORMS_HOW, "frontend:my-dossier"),
    _p("Điều 7", "Trước ngày 25 hằng tháng, người đứng đầu hoặc người được ủy quyền bằng văn bản phê duyệt bằng ký số", "enforced",
       "Ký duyệt của đơn vị trước ngày 25; người ký không phải thủ trưởng phải có văn bản ủy quyền ghi kèm quyền.",
       "frontend:approvals:home", K.WINDOW_UNIT, K.APPROVER_WRITTEN_AUTHORISATION),
    _p("Điều 7", "Trong 05 ngày cuối tháng, Giám đốc Sở Nội vụ (hoặc người được ủy quyền bằng văn bản) phê duyệt bằng ký số",
       "enforced", _DIRECTOR_HOW, "frontend:approvals:doha-home", K.WINDOW_PROVINCE, K.DOHA_SIGNS_BEFORE_SYNC,
       K.DOHA_DIRECTOR_SIGNS),
    _p("Điều 8", "Chuyển công tác trong tỉnh: đơn vị cũ chuyển giao dữ liệu trong 05 ngày làm việc", "enforced",
       "Đơn vị cũ có nghĩa vụ bàn giao, đơn vị mới có nghĩa vụ tiếp nhận, mỗi bên một hạn.", "frontend:transfer-list",
       K.MOVE_TO_OTHER_UNIT),
    _p("Điều 8", "Nghỉ, chuyển ra ngoài tỉnh: điều chỉnh tình trạng trong 05 ngày làm việc; dữ liệu lưu tại thư mục riêng",
       "enforced", _ARCHIVE_HOW, "frontend:transfer-list", K.LEAVE, K.LEAVERS_ARCHIVE),
    _p("Điều 9 khoản 3", "Cá nhân khai thác dữ liệu của mình; dữ liệu khác khi được đồng ý bằng văn bản", "enforced",
       _CONSENT_HOW, "frontend:accounts", K.OWN_DATA_ONLY_WITHOUT_CONSENT),
    _p("Điều 9 khoản 4", "Dữ liệu trích xuất, ký số có giá trị như bản gốc", "enforced", _SIGNED_PDF_HOW, "frontend:people"),
    _p("Điều 10 khoản 1", "Sao lưu định kỳ hằng tháng trên phương tiện lưu trữ chuyên dụng", "enforced", _BACKUP_HOW,
       "frontend:backups", K.BACKUP),
    _p("Điều 11 khoản 3", "Định kỳ thay đổi mật khẩu 03 tháng/lần", "enforced",
       "Mật khẩu quá 90 ngày phải đổi trước khi dùng tiếp.", "frontend:password-change", K.PASSWORD_MAX_AGE_DAYS),
    _p("Điều 12; Điều 13 khoản 2", "Người được giao tài khoản quản trị tại đơn vị, bằng quyết định của thủ trưởng", "enforced",
       "Mỗi đơn vị một quản trị dữ liệu; quyền chỉ cấp khi ghi số, ngày quyết định của thủ trưởng.", "frontend:accounts",
       K.UNIT_DATA_ADMIN, K.DATA_ADMIN_BY_HEAD_DECISION),
    _p("Điều 12 khoản 2", "Rà soát để cá nhân cập nhật đầy đủ, thống nhất với hồ sơ giấy", "enforced", _COMPLETENESS_HOW,
       "frontend:incomplete-dossiers"),
    _p("Điều 13 khoản 3", "Đơn vị theo dõi, kiểm tra định kỳ việc cập nhật", "recorded",
       "Trang tuân thủ cho thấy nghĩa vụ đúng hạn, quá hạn của từng đơn vị.", "frontend:compliance"),
    _p("Điều 13 khoản 5", "Đơn vị báo cáo hằng năm trước 05/01 (tổng số theo ngạch, chức danh, vị trí việc làm; kiến nghị)",
       "enforced", _YEARLY_REPORT_HOW, "frontend:reports-list", K.REPORTS),
    _p("Điều 14 khoản 2", "Dùng mã định danh điện tử của cơ quan, tổ chức để tạo cây thư mục tổ chức", "enforced",
       _ORG_CODE_HOW, "frontend:org-tree"),
    _p("Điều 14 khoản 4", "Sở Nội vụ với Sở Khoa học và Công nghệ hướng dẫn, đôn đốc, kiểm tra; đề nghị xử lý vi phạm",
       "outside", _INSPECT_HOW, "frontend:compliance", K.TECH_AGENCY),
    _p("Điều 14 khoản 5", "Sở Nội vụ với Sở Khoa học và Công nghệ định kỳ kiểm tra sao lưu, lưu trên thiết bị chuyên dụng",
       "recorded", _TECH_CHECK_HOW, "frontend:tech-checks"),
    _p("Điều 14 khoản 6", "Sở Nội vụ báo cáo Bộ Nội vụ chậm nhất 31/01", "enforced", _YEARLY_REPORT_HOW,
       "frontend:reports-list", K.REPORTS),
    _p("Điều 15", "Sở Khoa học và Công nghệ bảo đảm đường truyền và an toàn thông tin", "outside", _NETWORK_HOW, None,
       K.TECH_AGENCY),
    _p("Điều 16", _FINANCE, "outside", _FINANCE_HOW),
)

BINH_THUAN: tuple[Provision, ...] = (
    _p("Điều 3 khoản 6", "Tài khoản cá nhân là số định danh cá nhân", "enforced", _ID_HOW, "frontend:accounts",
       K.NATIONAL_ID_LOGIN),
    _p("Điều 4 khoản 3", "Quản lý theo độ hạn chế tiếp cận, mã hóa một số trường", "missing", _RESTRICTED_HOW, None,
       K.RESTRICTED_ACCESS),
    _p("Điều 4 khoản 4", "Đổi mật khẩu sau khi được cấp", "enforced", _FIRST_PASSWORD_HOW, "frontend:password-change",
       K.PASSWORD_CHANGE_AT_FIRST_SIGN_IN),
    _p("Điều 4 khoản 5; Điều 8 khoản 1", "Chỉ khai thác dữ liệu của mình, trừ khi được đồng ý bằng văn bản", "enforced",
       _CONSENT_HOW, "frontend:accounts", K.OWN_DATA_ONLY_WITHOUT_CONSENT),
    _p("Điều 6 khoản 1", _FORMS, "enforced", _FORMS_HOW, "frontend:my-dossier"),
    _p("Điều 6 khoản 2", "Cá nhân nhập dữ liệu rồi gửi người được giao kiểm tra; tài khoản theo phân cấp", "enforced",
       _TIERS_HOW, "frontend:my-dossier", K.ACCOUNT_TIERS),
    _p("Điều 6 khoản 3", "Cập nhật thay đổi trong 05 ngày làm việc kèm bản số hóa tài liệu", "enforced", _UPDATE_HOW,
       "frontend:my-dossier", K.PERSONAL_UPDATE),
    _p("Điều 6 khoản 4", "Người được giao kiểm tra hồ sơ mới, hồ sơ thay đổi trong 05 ngày làm việc", "enforced",
       "Thay đổi gửi lên mở nghĩa vụ kiểm tra của đơn vị, hạn 05 ngày làm việc.", "frontend:review-queue", K.UNIT_REVIEW),
    _p("Điều 7 khoản 1", "Thủ trưởng hoặc người được ủy quyền phê duyệt bằng ký số trong 05 ngày cuối tháng", "enforced",
       _UNIT_WINDOW_HOW, "frontend:approvals:home", K.WINDOW_UNIT),
    _p("Điều 7 khoản 2", "Giám đốc Sở Nội vụ phê duyệt bằng ký số trong 05 ngày cuối tháng", "enforced",
       _DIRECTOR_HOW, "frontend:approvals:doha-home", K.WINDOW_PROVINCE, K.DOHA_DIRECTOR_SIGNS),
    _p("Điều 8 khoản 3, 4", "Người được khai thác toàn bộ dữ liệu của đơn vị: người đứng đầu, cấp phó, trưởng bộ phận tổ chức cán bộ, người phụ trách CNTT, người được giao, người khác do thủ trưởng quyết định bằng văn bản",
       "enforced", "Vai trò “Xem toàn đơn vị” cấp cho cấp phó, trưởng bộ phận tổ chức cán bộ trên trang tài khoản: xem "
       "danh sách và hồ sơ của cả đơn vị (dữ liệu nhạy cảm như thủ trưởng: dân tộc, Đảng; không tôn giáo, sức khỏe, "
       "gia đình, bản số hóa giấy tờ, theo Luật 91/2025/QH15), mọi thao tác ghi bị từ chối; tỉnh mà quy chế không quy định "
       "thì không cấp được.",
       "frontend:accounts", K.UNIT_DATA_ADMIN, K.UNIT_READER_ROLE),
    _p("Điều 9 khoản 1", "Địa chỉ truy cập cơ sở dữ liệu của tỉnh", "recorded", _LEGACY_HOW, None, K.LEGACY_SYSTEM_URL),
    _p("Điều 9 khoản 4", "Đăng nhập bằng tài khoản dùng chung của tỉnh", "missing", _SSO_HOW, None, K.SSO_ENABLED),
    _p("Điều 10 khoản 1; Điều 16 khoản 1", "Đơn vị sao lưu dữ liệu của mình; Sở Nội vụ sao lưu toàn tỉnh hằng tháng, giữ 03 tháng",
       "enforced", _BACKUP_HOW + " Bản sao lưu toàn tỉnh gồm dữ liệu của mọi đơn vị.", "frontend:backups", K.BACKUP),
    _p("Điều 11 khoản 1", "Tiếp nhận từ ngoài tỉnh: đơn vị tạo tài khoản và đề nghị Sở Nội vụ bằng văn bản đồng bộ dữ liệu",
       "enforced", "Tiếp nhận mở nghĩa vụ đề nghị Sở Nội vụ, rồi nghĩa vụ đồng bộ của Sở Nội vụ (quy chế không nêu số ngày).",
       "frontend:transfer-list", K.TRANSFER_IN_FROM_OUTSIDE, K.ARRIVAL_FLOW),
    _p("Điều 11 khoản 2, 5", "Chuyển ra ngoài tỉnh, nghỉ: thu hồi quyền truy cập; dữ liệu người nghỉ lưu tại thư mục riêng",
       "enforced", _ARCHIVE_HOW, "frontend:transfer-list", K.LEAVE, K.LEAVERS_ARCHIVE),
    _p("Điều 11 khoản 3", "Chuyển trong tỉnh: đơn vị cũ thu hồi quyền; đơn vị mới tạo tài khoản, tiếp nhận dữ liệu trong 05 ngày làm việc kể từ khi bàn giao",
       "enforced", "Đơn vị cũ bàn giao; đơn vị mới có nghĩa vụ tiếp nhận 05 ngày làm việc kể từ ngày bàn giao.",
       "frontend:transfer-list", K.MOVE_TO_OTHER_UNIT, K.TAKE_OVER),
    _p("Điều 11 khoản 4", "Chuyển đến từ hệ thống không đồng bộ được: tạo hồ sơ mới", "enforced", _NO_SYNC_HOW,
       "frontend:transfer-receive"),
    _p("Điều 12 khoản 3", "Đơn vị đồng bộ dữ liệu phát sinh trong tháng qua API kết nối và chịu trách nhiệm về nội dung", "enforced",
       "Hệ thống của đơn vị (khóa API của quản trị đơn vị) gửi cả đề nghị cập nhật (nhiều giá trị, thêm, sửa, xóa "
       "dòng của các nhóm nhiều dòng, nhiều văn bản chứng minh) qua /api/v1/change-sets/push/; đề nghị vào hàng chờ "
       "kiểm tra và phê duyệt như mọi đề nghị khác, một phần sai thì không ghi gì; tỉnh mà quy chế không cho phép "
       "thì bị từ chối.", None, K.UNITS_PUSH_TO_NATIONAL_DB),
    _p("Điều 12 khoản 4", "Sở Nội vụ ký số phê duyệt trước khi đồng bộ với CSDL quốc gia", "enforced", _DOHA_SIGNS_HOW,
       "frontend:approvals:doha-packets", K.DOHA_SIGNS_BEFORE_SYNC),
    _p("Điều 14 khoản 2 điểm a", "Đôn đốc hoàn thiện đầy đủ các trường thông tin", "enforced", _COMPLETENESS_HOW,
       "frontend:incomplete-dossiers"),
    _p("Điều 15 khoản 2", "Đơn vị cấp, hạn chế, mở rộng, hủy quyền truy cập theo phân cấp", "enforced", _TIERS_HOW,
       "frontend:accounts"),
    _p("Điều 15 khoản 3", "Dùng mã định danh điện tử do UBND tỉnh cấp", "enforced", _ORG_CODE_HOW, "frontend:org-tree"),
    _p("Điều 15 khoản 5", "Đưa việc cập nhật dữ liệu vào đánh giá, xét thi đua cuối năm; xử lý vi phạm", "recorded",
       _EMULATION_HOW, "frontend:reports-scores", K.SCORE_METHOD),
    _p("Điều 15 khoản 9", "Báo cáo kết quả quản lý, cập nhật, phê duyệt, đồng bộ dữ liệu vào ngày 31/5 và 30/11", "enforced",
       _HALF_YEAR_HOW, "frontend:reports-list", K.REPORTS),
    _p("Điều 16 khoản 4", "Sở Nội vụ đề xuất khen thưởng, kỷ luật", "outside", _INSPECT_HOW, "frontend:compliance"),
    _p("Điều 16 khoản 5", "Sở Nội vụ báo cáo Bộ Nội vụ chậm nhất 20/01", "enforced", _YEARLY_REPORT_HOW,
       "frontend:reports-list", K.REPORTS),
    _p("Điều 17", "Sở Thông tin và Truyền thông bảo đảm trục LGSP và đường truyền đến CSDL quốc gia", "outside",
       _NETWORK_HOW, None, K.TECH_AGENCY),
    _p("Điều 18", _FINANCE, "outside", _FINANCE_HOW),
    _p("Điều 19 khoản 1", "Đơn vị cung cấp, bảo trì duy trì hệ thống và khắc phục ngay khi có sự cố", "outside",
       "Việc của đơn vị vận hành; hoso có kiểm tra sống, sẵn sàng và cảnh báo lỗi.", None, K.AVAILABILITY),
)

PROVISIONS: dict[str, tuple[Provision, ...]] = {
    "lai-chau": LAI_CHAU,
    "tuyen-quang": TUYEN_QUANG,
    "lao-cai": LAO_CAI,
    "son-la": SON_LA,
    "binh-thuan": BINH_THUAN,
}


def provisions_of(document_code: str) -> tuple[Provision, ...]:
    """The duties of one text version (a preset document's code); none for a text not read yet."""
    return PROVISIONS.get(document_code, ())
