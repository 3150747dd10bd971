"""Journey: on laocai.localhost, the admin of Sở Giáo dục và Đào tạo opens the careers pages from
the menu: the raises due this quarter, soonest first, a page at a time; then the quarter's raise
round, where they propose the raise of the first person due; the DoHA (the approver persona heads
Sở Tài chính only, and deciding takes the approver or the DoHA over the person's unit) decides it
with a decision number. The retirements and early raises pages open from the menu too, and at a
phone's width the raises due page does not scroll sideways. Screenshots go to a temp folder."""

import json
import re
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from core.careers.selectors import quarter_of
from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from frontend.common.paging import PER_PAGE
from tenants.models import Province
from tests.browser.test_approval_journey import _manage
from tests.browser.test_approval_journey import _sign_in as approval_sign_in

pytestmark = pytest.mark.browser

LAO_CAI = Province(code="lao-cai")
ADMIN = demo_persona_id(LAO_CAI, Role.AGENCY_ADMIN)  # Sở Giáo dục và Đào tạo: proposes raises there
SHOTS = Path(tempfile.gettempdir()) / "hoso-careers-journey"

# Run inside the live server's database: the admin's agency has more people due this quarter than
# a page holds (in Q4 2026 the demo population had none due there), due dates spread over the quarter
# and made in no particular order, so the list's order and its pager are its own.
SET_UP = """
import json
import random
from datetime import timedelta
from decimal import Decimal
from django.utils import timezone
from django_tenants.utils import tenant_context
from core.careers.dates import months_add
from core.careers.selectors import quarter_of, raises_due_for_user
from core.models import SalaryHistory
from tenants.models import Province
from tests.core.conftest import personas_of
from tests.core.factories import PersonFactory, national_id_for

province = Province.objects.get(code="lao-cai")
with tenant_context(province):
    personas = personas_of(province)
    today = timezone.localdate()
    start, end = quarter_of(today)
    unit = personas.person(personas.teacher).org_unit
    due = len(raises_due_for_user(user=personas.agency_admin, start=start, end=end, today=today))
    days = list(range(WANTED - due))
    random.Random(7).shuffle(days)
    for day in days:
        # Registered in another province's code (002): the factory's serials start afresh in each
        # process, and the other journeys make their people in Lào Cai's (010) on this database.
        person = PersonFactory(org_unit=unit, national_id=national_id_for(prefix="002"))
        # Ngạch 01.003 steps every 36 months: step 3 from 36 months before the due day.
        on = min(start + timedelta(days=day % 85), end)
        SalaryHistory.objects.create(person=person, effective_on=months_add(on, -36), rank_code="01.003", step=3,
                                     coefficient=Decimal("3.00"))
print(json.dumps({"made": len(days)}))
""".replace("WANTED", str(PER_PAGE + 11))


@pytest.fixture(scope="module")
def someone_due(live_hoso: int) -> dict:
    return json.loads(_manage("shell", "-c", SET_UP).strip().splitlines()[-1])


def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    """The approval journey's sign-in, then the home page every persona lands on."""
    approval_sign_in(page, base, username)
    page.wait_for_url(f"{base}/trang-cua-toi/")


def _menu(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Open the "Sự nghiệp" group of the menu and click `label`, as a user would."""
    if page.is_visible("label.menu-button"):  # folded on a phone
        page.click("label.menu-button")
    group = page.locator("nav#menu details.menu-group", has=page.locator("summary", has_text="Sự nghiệp"))
    group.locator("summary").click()
    with page.expect_navigation():
        group.get_by_role("link", name=label, exact=True).click()


def _due_rows(page) -> list[tuple[str, datetime]]:  # type: ignore[no-untyped-def]
    """The raises due page's rows as (ID number, due date)."""
    header = page.locator("table.grid thead th").all_inner_texts()
    national, due = header.index("Số định danh"), header.index("Ngày nâng")
    rows = []
    for row in page.locator("table.grid tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        rows.append((cells[national], datetime.strptime(cells[due], "%d/%m/%Y")))
    return rows


def test_an_admin_proposes_a_raise_due_and_the_doha_decides_it(  # type: ignore[no-untyped-def]
    live_hoso: int, someone_due: dict, page,
) -> None:
    base = f"http://laocai.localhost:{live_hoso}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    start, end = quarter_of(timezone.localdate())
    _sign_in(page, base, ADMIN)

    # The raises due: a page of people with their due dates, soonest first, paged.
    _menu(page, "Nâng bậc lương")
    assert page.url == f"{base}/su-nghiep/nang-luong/"
    assert page.inner_text("main h1") == "Nâng bậc lương đến hạn trong quý"
    assert f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}:" in page.inner_text("main")
    count = int(page.inner_text("#career-count"))
    page.screenshot(path=str(SHOTS / "raises-due.png"), full_page=True)
    seen: list[tuple[str, datetime]] = []
    pages = 0
    while True:
        rows = _due_rows(page)
        pages += 1
        assert rows and len(rows) <= PER_PAGE
        assert all(start <= due.date() <= end for _, due in rows), rows
        assert not {n for n, _ in rows} & {n for n, _ in seen}  # the next page shows other people
        seen += rows
        if page.locator("nav.pager a[rel=next]").count() == 0:
            break
        if pages == 1:
            assert page.inner_text("nav.pager").count(f"trong tổng số {count} người") == 1
        if pages == 8:  # enough pages walked: the last page holds what the count leaves
            last = -(-count // PER_PAGE)
            page.goto(f"{base}/su-nghiep/nang-luong/?trang={last}")
            assert len(_due_rows(page)) == count - (last - 1) * PER_PAGE
            break
        with page.expect_navigation():
            page.click("nav.pager a[rel=next]")
    dates = [due for _, due in seen]
    assert dates == sorted(dates), "soonest first"
    if pages < 8:
        assert len(seen) == count, (len(seen), count)

    # The raise round: propose the first person due.
    _menu(page, "Xét nâng bậc lương trong quý")
    assert page.url == f"{base}/su-nghiep/xet-nang-luong/"
    assert page.inner_text("main h1") == f"Xét nâng bậc lương quý {start.month}–{end.month}/{end.year}"
    due_before = int(page.inner_text("#career-count"))
    first = page.locator("#due tbody tr").first
    person_row = first.get_attribute("id")
    assert person_row and person_row.startswith("due-")
    name = first.locator("td").first.inner_text()
    with page.expect_navigation():
        first.get_by_role("button", name="Đề nghị").click()
    assert page.inner_text(".messages").strip() == "Đã đề nghị nâng bậc lương."
    assert page.locator(f"#{person_row}").count() == 0  # left the due list
    assert int(page.inner_text("#career-count")) == due_before - 1
    # By the whole name: "Nguyễn Văn Thử 2" is also the start of "Nguyễn Văn Thử 29".
    proposal = page.locator("#proposals tbody tr").filter(
        has=page.locator("td:nth-child(2)", has_text=re.compile(f"^{re.escape(name)}$")))
    assert proposal.count() == 1
    assert "Đã đề nghị" in proposal.inner_text()
    proposal_id = (proposal.get_attribute("id") or "").removeprefix("proposal-")
    assert proposal_id.isdigit()
    page.screenshot(path=str(SHOTS / "raise-round-proposed.png"), full_page=True)

    # The DoHA decides it with a decision number.
    _sign_in(page, base, DOHA_ADMIN_USERNAME)
    _menu(page, "Xét nâng bậc lương trong quý")
    row = page.locator(f"#proposal-{proposal_id}")
    assert name in row.inner_text()
    page.fill(f"#regular-{proposal_id}-decision_number", "15/QĐ-SNV")
    with page.expect_navigation():
        row.get_by_role("button", name="Quyết định nâng").click()
    assert page.inner_text(".messages").strip() == "Đã ghi quyết định."
    decided = page.inner_text(f"#proposal-{proposal_id}")
    assert "Đã quyết định nâng" in decided and "15/QĐ-SNV" in decided, decided
    assert page.locator(f"#decide-regular-{proposal_id}").count() == 0  # decided once

    # The retirements and early raises pages open from the menu, in Vietnamese.
    _sign_in(page, base, ADMIN)
    for label, heading, listed, empty in (
        ("Nghỉ hưu", "Nghỉ hưu trong 12 tháng tới", "table.grid", "Không có ai trong khoảng thời gian này."),
        ("Nâng lương trước thời hạn", "Nâng bậc lương trước thời hạn", "#candidates",
         "Không có ai đủ điều kiện vào ngày này."),
    ):
        _menu(page, label)
        assert page.inner_text("main h1") == heading
        assert page.locator(listed).count() == 1 or empty in page.inner_text("main"), label


# The words of the header and the first row wider than their cell's content box.
BROKEN_WORDS = """() => {
  const pen = document.createElement("canvas").getContext("2d");
  const broken = [];
  for (const cell of document.querySelectorAll("table.grid th, table.grid tbody tr:first-child td")) {
    const style = getComputedStyle(cell);
    pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of cell.innerText.split(/\\s+/)) {
      if (word && pen.measureText(word).width > room + 1) broken.push(word);
    }
  }
  return broken;
}"""


def test_the_raises_due_page_fits_a_phone(live_hoso: int, someone_due: dict, browser) -> None:  # type: ignore[no-untyped-def]
    base = f"http://laocai.localhost:{live_hoso}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _sign_in(page, base, ADMIN)
        _menu(page, "Nâng bậc lương")
        assert page.inner_text("main h1") == "Nâng bậc lương đến hạn trong quý"
        assert page.locator("table.grid tbody tr").count() > 0
        page.screenshot(path=str(SHOTS / "raises-due-phone.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.evaluate("window.innerWidth"), f"the page is {width} px wide"
        # No word is broken across lines to squeeze the table into the screen (main's
        # overflow-wrap did that, a letter a line): the table scrolls inside its own box instead.
        assert page.evaluate(BROKEN_WORDS) == []
        table = page.locator("table.grid")
        assert table.evaluate("t => t.scrollWidth > t.clientWidth")
        last = page.locator("table.grid thead th").last
        last.scroll_into_view_if_needed()
        assert last.is_visible()
        page.screenshot(path=str(SHOTS / "raises-due-phone-screen.png"))
    finally:
        context.close()
