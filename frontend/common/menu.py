"""The page menu of a province host, by role: the one place that says which pages each role
may use. Every page a role may open is listed here, and nothing that would answer 403 or 404
to it (tests/frontend/test_menu.py crawls each persona's menu)."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.base.accounts.models import Account
from core.models import Role
from core.permissions import ADMIN_ROLES, CONSENT_ROLES, REVIEW_ROLES, VIEW_ROLES, account_roles


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str


@dataclass
class MenuGroup:
    """A heading of the menu and its pages; a group of one page is shown as a plain link."""

    label: str
    items: list[MenuItem] = field(default_factory=list)

    def add(self, label: str, url_name: str) -> None:
        self.items.append(MenuItem(label=label, url=reverse(url_name)))


def menu_for(account: Account) -> list[MenuGroup]:
    """The menu of `account`: its own pages first, then each role's work (two queries)."""
    roles = {held.role for held in account_roles(account)}

    def holds(*wanted: str) -> bool:
        return bool(roles & set(wanted))

    mine = MenuGroup(_("Của tôi"))
    mine.add(_("Trang của tôi"), "frontend:my-home")
    if holds(Role.EMPLOYEE):
        mine.add(_("Hồ sơ của tôi"), "frontend:my-dossier")
        mine.add(_("Dữ liệu cá nhân của tôi"), "frontend:privacy-mine")
    mine.add(_("Nghĩa vụ, thời hạn"), "frontend:duty-list")
    mine.add(_("Thông báo"), "frontend:notification-list")
    mine.add(_("Đổi mật khẩu"), "frontend:password-change")

    people = MenuGroup(_("Hồ sơ"))
    if holds(*VIEW_ROLES):
        people.add(_("Cán bộ, công chức, viên chức"), "frontend:people")
    people.add(_("Cơ cấu tổ chức"), "frontend:org-tree")
    if holds(*REVIEW_ROLES):
        people.add(_("Duyệt hồ sơ"), "frontend:review-queue")
    if holds(*ADMIN_ROLES, *REVIEW_ROLES):
        people.add(_("Yêu cầu của chủ thể dữ liệu"), "frontend:privacy-to-answer")
    if holds(Role.APPROVER, Role.DOHA_ADMIN):
        people.add(_("Phê duyệt"), "frontend:approvals:home")
    if holds(*ADMIN_ROLES):
        people.add(_("Chuyển công tác"), "frontend:transfer-list")

    career = MenuGroup(_("Sự nghiệp"))
    if holds(Role.EMPLOYEE):
        career.add(_("Lương của tôi"), "frontend:careers-my-pay")
    if holds(*VIEW_ROLES):
        career.add(_("Nâng bậc lương"), "frontend:careers-raises")
        career.add(_("Nâng lương trước thời hạn"), "frontend:careers-early-raises")
        career.add(_("Xét nâng bậc lương trong quý"), "frontend:careers-raise-round")
        career.add(_("Nghỉ hưu"), "frontend:careers-retirements")
        career.add(_("Hết nhiệm kỳ bổ nhiệm"), "frontend:careers-terms")
        career.add(_("Hạn chế do kỷ luật"), "frontend:careers-barred")
        career.add(_("Đánh giá, xếp loại"), "frontend:careers-evaluations")

    figures = MenuGroup(_("Thống kê, báo cáo"))
    if holds(*VIEW_ROLES):
        figures.add(_("Thống kê"), "frontend:reports-statistics")
        figures.add(_("Báo cáo định kỳ"), "frontend:reports-list")

    admin = MenuGroup(_("Quản trị"))
    if holds(*ADMIN_ROLES, *CONSENT_ROLES):
        admin.add(_("Tài khoản và phân quyền"), "frontend:accounts")
    admin.add(_("Quy chế"), "frontend:rules-overview")

    doha = MenuGroup(_("Sở Nội vụ"))
    if holds(Role.DOHA_ADMIN):
        doha.add(_("Phê duyệt cấp tỉnh"), "frontend:approvals:doha-home")
        doha.add(_("Phê duyệt bổ sung"), "frontend:approvals:doha-windows")
        doha.add(_("Chứng thư số tin cậy"), "frontend:approvals:doha-trusted-cas")
        doha.add(_("Gói đồng bộ"), "frontend:approvals:doha-packets")
        doha.add(_("Kết nối CSDL quốc gia"), "frontend:approvals:doha-endpoint")
        doha.add(_("Tuân thủ"), "frontend:compliance")
        doha.add(_("Sự cố dữ liệu cá nhân"), "frontend:privacy-breaches")
        doha.add(_("Lịch làm việc"), "frontend:calendar-overrides")

    # The technical agency's work, shared with the DoHA that leads it (Tuyên Quang Art. 11.9,
    # Lào Cai Art. 16.7, Sơn La Art. 14.5): backups, checks, sync health, maintenance.
    tech = MenuGroup(_("Kỹ thuật, sao lưu"))
    if holds(Role.TECH_AGENCY, Role.DOHA_ADMIN):
        tech.add(_("Trang cơ quan kỹ thuật"), "frontend:tech-home")
        tech.add(_("Sao lưu"), "frontend:backups")
        tech.add(_("Kiểm tra định kỳ"), "frontend:tech-checks")
        tech.add(_("Thông báo bảo trì"), "frontend:tech-maintenance")

    return [group for group in (mine, people, career, figures, admin, doha, tech) if group.items]


def menu(request: HttpRequest) -> dict[str, object]:
    """Context processor: the signed-in account's menu on a province host (lazy: a page that
    shows no menu runs no query)."""
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if tenant is None or tenant.is_public or user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": lambda: menu_for(user)}  # type: ignore[arg-type]
