"""The national reference data in the operators' console: catalogue entries edited, added and
retired with their history, and the national calendar's adjustments with theirs."""

from collections.abc import Iterator
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.catalogues.editing import catalogue_entry_retire
from core.catalogues.kinds import CATALOGUES_BY_KEY
from core.catalogues.models import CatalogueEntryVersion, EthnicGroup, SalaryScale
from core.catalogues.selectors import catalogue_cache_clear
from core.dossier_values import DOSSIER, values_of
from core.models import ChangeItem, Dossier
from core.operations.operators import OPERATORS_GROUP, OperatorCreated
from rules import selectors as rule_selectors
from rules.national.models import CalendarOverride, CalendarOverrideVersion
from tenants.models import Province
from tests.conftest import client_for
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db

ENTRY = "/van-hanh/danh-muc/dan-toc/08/"
BASIS = "Công văn 15/UBDT-TCCB của Ủy ban Dân tộc (thử nghiệm)"
PAGES = ["/van-hanh/danh-muc/", "/van-hanh/danh-muc/dan-toc/", ENTRY, f"{ENTRY}lich-su/"]
IDENTITY_PART = "/ho-so-cua-toi/sua/dinh-danh/"
IDENTITY_FIELDS = ("other_names", "national_id_issued_on", "social_insurance_number", "health_insurance_number",
                   "ethnic_group_code", "religion_code", "phone", "email")


@pytest.fixture(autouse=True)
def _fresh_catalogues() -> Iterator[None]:
    """The catalogues are cached per process: a test's edits, rolled back, must not outlive it."""
    catalogue_cache_clear()
    yield
    catalogue_cache_clear()


def _edit(**changes: str) -> dict[str, str]:
    """The edit form of Hmông (08) as the page fills it, with `changes`."""
    values = {"action": "sua", "sua-name": "Hmông", "sua-note": "", "sua-valid_from": "", "sua-valid_to": "",
              "sua-legal_basis": BASIS, "sua-effective_date": "2026-07-01"}
    return {**values, **{f"sua-{name}": value for name, value in changes.items()}}


def _field(html: str, name: str) -> str:
    """The markup of one form field's block (label, input, error) on a console page."""
    return html.split(f'id="field-{name}"', 1)[1].split("</div>", 1)[0]


def _written() -> tuple[int, ...]:
    return (EthnicGroup.objects.count(), SalaryScale.objects.count(), CatalogueEntryVersion.objects.count(),
            AuditEvent.objects.count())


# --- catalogues -------------------------------------------------------------------------------------


def test_the_list_counts_every_catalogue(console: Client) -> None:
    html = console.get("/van-hanh/danh-muc/").content.decode()
    row = html.split('id="catalogue-dan-toc"', 1)[1].split("</tr>", 1)[0]
    assert '<a href="/van-hanh/danh-muc/dan-toc/">Dân tộc</a>' in row
    assert "<td>54</td><td>0</td><td>0</td>" in row
    for label in ("Tôn giáo", "Ngạch công chức", "Chức danh nghề nghiệp", "Bảng lương", "Đơn vị hành chính"):
        assert label in html
    assert '<a href="/van-hanh/danh-muc/">Danh mục</a>' in html  # in the console's navigation


def test_an_operator_edits_an_ethnic_groups_name_and_the_history_shows_who_what_and_why(console: Client) -> None:
    response = console.post(ENTRY, _edit(name="Mông"))
    assert response.status_code == 302 and response["Location"] == ENTRY
    assert EthnicGroup.objects.get(code="08").name == "Mông"

    version = CatalogueEntryVersion.objects.filter(kind="ethnic_group", code="08").first()
    assert version is not None
    assert (version.action, version.source, version.before, version.after) == (
        "edit", "operator", {"name": "Hmông"}, {"name": "Mông"})
    assert (version.recorded_by, version.legal_basis, version.effective_date) == ("vanhanh.an", BASIS, date(2026, 7, 1))

    history = console.get(f"{ENTRY}lich-su/").content.decode()
    row = history.split(f'id="version-{version.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "<td>vanhanh.an</td>" in row
    assert "<td>sửa (người vận hành)</td>" in row
    assert "<div>Tên: <del>Hmông</del> → <ins>Mông</ins></div>" in row
    assert f"<td>{BASIS}</td>" in row and "<td>01/07/2026</td>" in row
    # The loader's own row is there too, citing the file and its source.
    assert "thêm mục (nạp từ tệp)" in history
    assert "Nạp từ tệp ethnic_groups.csv. Nguồn: Quyết định 121-TCTK/PPCĐ" in history

    event = AuditEvent.objects.get(action="catalogues.entry_edit", target="ethnic_group:08")
    assert event.actor is not None and event.actor.username == "vanhanh.an"
    assert event.detail["before"] == {"name": "Hmông"} and event.detail["after"] == {"name": "Mông"}


def test_an_operator_adds_a_salary_scale_and_finds_it(console: Client) -> None:
    response = console.post("/van-hanh/danh-muc/bang-luong/", {
        "moi-code": "A2.3", "moi-name": "Công chức loại A2 nhóm 3 (thử nghiệm)", "moi-first_coefficient": "4,20",
        "moi-step_increment": "0.34", "moi-steps": "8", "moi-step_interval_months": "36", "moi-note": "",
        "moi-valid_from": "", "moi-valid_to": "", "moi-legal_basis": "Nghị định 204/2004/NĐ-CP, Bảng 2 (thử nghiệm)",
        "moi-effective_date": "2026-07-01",
    })
    assert response.status_code == 302 and response["Location"] == "/van-hanh/danh-muc/bang-luong/A2.3/"
    scale = SalaryScale.objects.get(code="A2.3")
    assert str(scale.coefficient_at(8)) == "6.58"
    version = CatalogueEntryVersion.objects.get(kind="salary_scale", code="A2.3")
    assert version.action == "add" and version.after["first_coefficient"] == "4.20"
    found = console.get("/van-hanh/danh-muc/bang-luong/", {"q": "nhom 3"}).content.decode()
    assert 'id="entry-A2.3"' in found and 'id="entry-A1"' not in found
    assert AuditEvent.objects.filter(action="catalogues.entry_add", target="salary_scale:A2.3").exists()


@pytest.mark.parametrize(("path", "data", "field", "message"), [
    ("/van-hanh/danh-muc/dan-toc/", {"moi-code": "55", "moi-name": "  "}, "moi-name", "Cần ghi tên."),
    ("/van-hanh/danh-muc/dan-toc/", {"moi-code": "01", "moi-name": "Kinh"}, "moi-code",
     "Mã “01” đã có trong danh mục dân tộc."),
    ("/van-hanh/danh-muc/dan-toc/", {"moi-code": "5", "moi-name": "Thử"}, "moi-code",
     "Mã “5” không đúng dạng của danh mục dân tộc (ví dụ: 55)."),
    ("/van-hanh/danh-muc/dan-toc/", {"moi-code": "55", "moi-name": "Thử", "moi-legal_basis": ""}, "moi-legal_basis",
     "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản)."),
    ("/van-hanh/danh-muc/dan-toc/", {"moi-code": "55", "moi-name": "Thử", "moi-effective_date": ""},
     "moi-effective_date", "Cần nhập ngày có hiệu lực."),
    ("/van-hanh/danh-muc/bang-luong/", {"moi-code": "A2.3", "moi-name": "Thử", "moi-first_coefficient": "-4.2"},
     "moi-first_coefficient", "Hệ số phải là số dương, ví dụ 2,34."),
    ("/van-hanh/danh-muc/bang-luong/", {"moi-code": "A2.3", "moi-name": "Thử", "moi-first_coefficient": "bốn"},
     "moi-first_coefficient", "Hệ số phải là số dương, ví dụ 2,34."),
    ("/van-hanh/danh-muc/bang-luong/", {"moi-code": "A2.3", "moi-name": "Thử", "moi-step_increment": "0.345"},
     "moi-step_increment", "Hệ số có tối đa hai chữ số thập phân và nhỏ hơn 100."),
    ("/van-hanh/danh-muc/bang-luong/", {"moi-code": "A2.3", "moi-name": "Thử", "moi-step_increment": "1E+30"},
     "moi-step_increment", "Hệ số có tối đa hai chữ số thập phân và nhỏ hơn 100."),
    ("/van-hanh/danh-muc/bang-luong/", {"moi-code": "A2.3", "moi-name": "Thử", "moi-steps": "0"},
     "moi-steps", "Phải là số nguyên dương."),
    ("/van-hanh/danh-muc/bang-luong/A1/", {"action": "sua", "sua-name": "Công chức loại A1",
                                           "sua-first_coefficient": "0", "sua-step_increment": "0.33",
                                           "sua-steps": "9", "sua-step_interval_months": "36"},
     "sua-first_coefficient", "Hệ số phải là số dương, ví dụ 2,34."),
    (ENTRY, _edit(name=""), "sua-name", "Cần ghi tên."),
    (ENTRY, _edit(name="Mông", legal_basis=" "), "sua-legal_basis", "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản)."),
    (ENTRY, {"action": "ngung", "ngung-legal_basis": "", "ngung-effective_date": "2026-07-01"}, "ngung-legal_basis",
     "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản)."),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(
    console: Client, path: str, data: dict[str, str], field: str, message: str
) -> None:
    complete = {"moi-first_coefficient": "4.20", "moi-step_increment": "0.34", "moi-steps": "8",
                "moi-step_interval_months": "36", "moi-legal_basis": BASIS, "moi-effective_date": "2026-07-01",
                "sua-legal_basis": BASIS, "sua-effective_date": "2026-07-01"} if "sua-name" not in data else {}
    before = _written()
    response = console.post(path, {**complete, **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="error">{message}</p>' in _field(html, field)
    assert _written() == before
    assert EthnicGroup.objects.get(code="08").name == "Hmông" and EthnicGroup.objects.get(code="08").retired_on is None


def test_an_edit_that_changes_nothing_is_refused(console: Client) -> None:
    before = _written()
    html = console.post(ENTRY, _edit()).content.decode()
    assert '<p class="error">Không có thay đổi nào so với mục hiện tại.</p>' in html
    assert _written() == before


def test_administrative_units_are_corrected_not_added_in_the_console(console: Client) -> None:
    html = console.get("/van-hanh/danh-muc/don-vi-hanh-chinh/", {"q": "lao cai"}).content.decode()
    assert 'id="entry-15"' in html and 'id="entry-010"' in html
    assert "lệnh catalogues_load" in html
    assert console.post("/van-hanh/danh-muc/don-vi-hanh-chinh/", {"moi-code": "99"}).status_code == 405


def test_unknown_catalogues_and_codes_are_not_found(console: Client) -> None:
    assert console.get("/van-hanh/danh-muc/khong-co/").status_code == 404
    assert console.get("/van-hanh/danh-muc/dan-toc/99/").status_code == 404
    assert console.get("/van-hanh/danh-muc/dan-toc/99/lich-su/").status_code == 404


def test_a_retired_entry_can_be_taken_back_into_use(console: Client) -> None:
    response = console.post(ENTRY, {"action": "ngung", "ngung-legal_basis": BASIS, "ngung-effective_date": "2026-07-01"})
    assert response.status_code == 302
    assert EthnicGroup.objects.get(code="08").retired_on == date(2026, 7, 1)
    page = console.get(ENTRY).content.decode()
    assert "Ngừng sử dụng từ 01/07/2026" in page and 'value="dung-lai"' in page
    again = console.post(ENTRY, {"action": "dung-lai", "ngung-legal_basis": "Sửa nhầm (thử nghiệm)",
                                 "ngung-effective_date": "2026-07-02"})
    assert again.status_code == 302
    assert EthnicGroup.objects.get(code="08").retired_on is None
    actions = list(CatalogueEntryVersion.objects.filter(kind="ethnic_group", code="08", source="operator")
                   .values_list("action", "before", "after"))
    assert actions == [("restore", {"retired_on": "2026-07-01"}, {"retired_on": None}),
                       ("retire", {"retired_on": None}, {"retired_on": "2026-07-01"})]
    assert list(AuditEvent.objects.filter(target="ethnic_group:08").values_list("action", flat=True)) == [
        "catalogues.entry_restore", "catalogues.entry_retire"]


# --- who may open the pages -------------------------------------------------------------------------


def _public_account(username: str, *, operator: bool) -> Client:
    """A browser on the public host signed in (both factors) as a fresh public account."""
    account = Account.objects.create_user(username=username, password="Mat-khau-rat-dai-2026")
    if operator:
        account.groups.add(Group.objects.get_or_create(name=OPERATORS_GROUP)[0])
    device = TOTPDevice.objects.create(user=account, name="hoso", confirmed=True)
    browser = client_for(None)
    browser.force_login(account)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return browser


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(path: str) -> None:
    response = client_for(None).get(path)
    assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={path}"


@pytest.mark.parametrize("path", PAGES)
def test_an_operator_without_the_second_factor_is_sent_to_sign_in(operator: OperatorCreated, path: str) -> None:
    browser = client_for(None)
    browser.force_login(operator.account)
    response = browser.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert browser.post(ENTRY, _edit(name="Mông")).status_code == 302
    assert EthnicGroup.objects.get(code="08").name == "Hmông"


@pytest.mark.parametrize("path", PAGES)
def test_a_public_account_that_is_not_an_operator_is_refused(path: str) -> None:
    browser = _public_account("khong.phai.van.hanh", operator=False)
    response = browser.get(path)
    assert response.status_code == 403
    assert "chỉ dành cho người vận hành" in response.content.decode()
    assert browser.post(ENTRY, _edit(name="Mông")).status_code == 403
    assert EthnicGroup.objects.get(code="08").name == "Hmông"


def test_the_test_helper_opens_the_console_for_an_operator() -> None:
    """The same helper as above, with the group: the refusals are for the missing group only."""
    assert _public_account("van.hanh.thu", operator=True).get("/van-hanh/danh-muc/").status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_a_province_user_is_refused(lao_cai: Province, path: str) -> None:
    """The console does not exist on a province's host, and the province's session means
    nothing on the public host."""
    with tenant_context(lao_cai):
        doha = personas_of(lao_cai).doha
    browser = client_for(lao_cai)
    with tenant_context(lao_cai):
        browser.force_login(doha)
    assert browser.get(path).status_code == 404
    assert browser.post(ENTRY, _edit(name="Mông")).status_code == 404
    on_public = client_for(None)
    on_public.cookies = browser.cookies
    response = on_public.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert EthnicGroup.objects.get(code="08").name == "Hmông"


# --- a retired entry in the province's dossier pages ------------------------------------------------


def _identity_values(province: Province, person_id: int, **changes: str) -> dict[str, object]:
    with tenant_context(province):
        stored = values_of(Dossier.objects.get(person_id=person_id), DOSSIER, list(IDENTITY_FIELDS))
    return {"action": "values", "part": "dossier-other_names", **{k: v or "" for k, v in stored.items()}, **changes}


def _select(html: str, name: str) -> str:
    return html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]


def test_a_retired_entry_still_reads_in_old_dossiers_but_is_no_longer_offered(
    lao_cai: Province, operator: OperatorCreated
) -> None:
    with tenant_context(lao_cai):
        personas = personas_of(lao_cai)
        employee, teacher = personas.person(personas.employee), personas.person(personas.teacher)
        Dossier.objects.filter(person=employee).update(ethnic_group_code="08")
        Dossier.objects.filter(person=teacher).update(ethnic_group_code="01")
    catalogue_entry_retire(acting_user=operator.account, kind=CATALOGUES_BY_KEY["ethnic_group"], code="08",
                           legal_basis=BASIS, effective_date=timezone.localdate())
    browsers = {}
    for who, account in (("employee", personas.employee), ("teacher", personas.teacher)):
        browsers[who] = client_for(lao_cai)
        with tenant_context(lao_cai):
            browsers[who].force_login(account)
        assert browsers[who].post("/ho-so-cua-toi/de-nghi/", {"changed_on": "2026-07-01"}).status_code == 302

    # The employee's dossier still names Hmông, on the dossier page and in the form.
    assert "Hmông (08)" in browsers["employee"].get("/ho-so-cua-toi/").content.decode()
    own = _select(browsers["employee"].get(IDENTITY_PART).content.decode(), "ethnic_group_code")
    assert '<option value="08" selected>Hmông (08) — đã ngừng sử dụng</option>' in own
    # The teacher is not offered it.
    theirs = _select(browsers["teacher"].get(IDENTITY_PART).content.decode(), "ethnic_group_code")
    assert 'value="01" selected' in theirs and 'value="08"' not in theirs

    # Keeping it while changing something else is fine; choosing it anew is refused.
    kept = browsers["employee"].post(IDENTITY_PART, {**_identity_values(lao_cai, employee.pk, phone="0912345678"),
                                                     "version": 1})
    assert kept.status_code == 302
    chosen = browsers["teacher"].post(IDENTITY_PART, {**_identity_values(lao_cai, teacher.pk, ethnic_group_code="08"),
                                                      "version": 1})
    assert chosen.status_code == 400
    message = "Mã “08” đã ngừng sử dụng trong danh mục (dân tộc (mã)); hãy chọn mục khác."
    assert message in chosen.content.decode()
    with tenant_context(lao_cai):
        assert ChangeItem.objects.filter(change_set__person=employee).get().values == {"phone": "0912345678"}
        assert not ChangeItem.objects.filter(change_set__person=teacher).exists()


# --- the national calendar ------------------------------------------------------------------------


def test_removing_a_national_adjustment_keeps_its_history_and_the_day_works_again(
    console: Client, lao_cai: Province
) -> None:
    day = date(2027, 10, 15)  # a Friday
    with tenant_context(lao_cai):
        assert rule_selectors.working_calendar().is_working_day(day)
    console.post("/lich-toan-quoc/", {"day": "2027-10-15", "working": "0", "reason": "Thông báo 123/TB-BNV",
                                      "legal_basis": "Bộ luật Lao động 2019, Điều 112"})
    with tenant_context(lao_cai):
        assert not rule_selectors.working_calendar().is_working_day(day)

    refused = console.post("/lich-toan-quoc/", {"remove": "2027-10-15", "removal_reason": " "}, follow=True)
    assert "Cần ghi lý do bỏ điều chỉnh (ví dụ: số văn bản thông báo)." in refused.content.decode()
    assert CalendarOverride.objects.filter(day=day).exists()
    assert CalendarOverrideVersion.objects.filter(day=day).count() == 1

    response = console.post("/lich-toan-quoc/", {"remove": "2027-10-15", "removal_reason": "Thông báo 130/TB-BNV hủy"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(day=day).exists()
    with tenant_context(lao_cai):
        assert rule_selectors.working_calendar().is_working_day(day)

    rows = list(CalendarOverrideVersion.objects.filter(day=day).values_list(
        "action", "working", "reason", "legal_basis", "removal_reason", "recorded_by"))
    assert rows == [
        ("remove", False, "Thông báo 123/TB-BNV", "Bộ luật Lao động 2019, Điều 112", "Thông báo 130/TB-BNV hủy", "vanhanh.an"),
        ("add", False, "Thông báo 123/TB-BNV", "Bộ luật Lao động 2019, Điều 112", "", "vanhanh.an"),
    ]
    history = console.get("/lich-toan-quoc/").content.decode().split('id="history"', 1)[1]
    assert "<td>bỏ</td>" in history and "<td>Thông báo 130/TB-BNV hủy</td>" in history
    assert "<td>15/10/2027</td>" in history and "<td>vanhanh.an</td>" in history
    assert list(AuditEvent.objects.filter(target="2027-10-15").values_list("action", "detail")) == [
        ("rules.national_calendar_override_remove", {"reason": "Thông báo 130/TB-BNV hủy"}),
        ("rules.national_calendar_override", {"working": False, "reason": "Thông báo 123/TB-BNV"}),
    ]


def test_changing_an_adjustment_is_kept_in_its_history(console: Client) -> None:
    for working, reason in (("0", "Thông báo 123/TB-BNV"), ("1", "Thông báo 125/TB-BNV")):
        console.post("/lich-toan-quoc/", {"day": "2027-10-16", "working": working, "reason": reason})
    assert list(CalendarOverrideVersion.objects.filter(day=date(2027, 10, 16)).values_list("action", "working")) == [
        ("change", True), ("add", False)]
