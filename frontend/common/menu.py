"""The page menu of a province host, by role: the one place that says which pages each role
may use. Every page a role may open is listed here, and nothing that would answer 403 or 404
to it (tests/frontend/test_menu.py crawls each persona's menu)."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

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

    mine = MenuGroup("Của tôi")
    mine.add("Trang của tôi", "frontend:my-home")
    if holds(Role.EMPLOYEE):
        mine.add("Hồ sơ của tôi", "frontend:my-dossier")
    mine.add("Nghĩa vụ, thời hạn", "frontend:duty-list")
    mine.add("Thông báo", "frontend:notification-list")

    people = MenuGroup("Hồ sơ")
    if holds(*VIEW_ROLES):
        people.add("Cán bộ, công chức, viên chức", "frontend:people")
    people.add("Cơ cấu tổ chức", "frontend:org-tree")
    if holds(*REVIEW_ROLES):
        people.add("Duyệt hồ sơ", "frontend:review-queue")
    if holds(Role.APPROVER, Role.DOHA_ADMIN):
        people.add("Phê duyệt", "frontend:approvals:home")
    if holds(*ADMIN_ROLES):
        people.add("Chuyển công tác", "frontend:transfer-list")

    figures = MenuGroup("Thống kê, báo cáo")
    if holds(*VIEW_ROLES):
        figures.add("Thống kê", "frontend:reports-statistics")
        figures.add("Báo cáo định kỳ", "frontend:reports-list")

    admin = MenuGroup("Quản trị")
    if holds(*ADMIN_ROLES, *CONSENT_ROLES):
        admin.add("Tài khoản và phân quyền", "frontend:accounts")
    admin.add("Quy chế", "frontend:rules-overview")

    doha = MenuGroup("Sở Nội vụ")
    if holds(Role.DOHA_ADMIN):
        doha.add("Phê duyệt cấp tỉnh", "frontend:approvals:doha-home")
        doha.add("Phê duyệt bổ sung", "frontend:approvals:doha-windows")
        doha.add("Chứng thư số tin cậy", "frontend:approvals:doha-trusted-cas")
        doha.add("Gói đồng bộ", "frontend:approvals:doha-packets")
        doha.add("Kết nối CSDL quốc gia", "frontend:approvals:doha-endpoint")
        doha.add("Tuân thủ", "frontend:compliance")
        doha.add("Sao lưu", "frontend:backups")
        doha.add("Lịch làm việc", "frontend:calendar-overrides")

    return [group for group in (mine, people, figures, admin, doha) if group.items]


def menu(request: HttpRequest) -> dict[str, object]:
    """Context processor: the signed-in account's menu on a province host (lazy: a page that
    shows no menu runs no query)."""
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if tenant is None or tenant.is_public or user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": lambda: menu_for(user)}  # type: ignore[arg-type]
