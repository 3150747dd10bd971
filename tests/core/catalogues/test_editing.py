"""Operators' edits of the catalogues: versions, retirement, and how a reload from the data
files treats them (an operator's field is kept, the file's other fields still load)."""

import io
import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError
from core.catalogues import selectors
from core.catalogues.datafiles import DATA_DIR
from core.catalogues.editing import (
    catalogue_entry_add,
    catalogue_entry_edit,
    catalogue_entry_restore,
    catalogue_entry_retire,
)
from core.catalogues.kinds import CATALOGUES_BY_KEY
from core.catalogues.models import CatalogueEntryVersion, EthnicGroup, Rank
from core.catalogues.selectors import (
    catalogue_cache_clear,
    catalogue_choices,
    catalogue_entry_exists,
    catalogue_entry_offered,
    catalogue_offered_choices,
)

pytestmark = pytest.mark.django_db

ETHNIC = CATALOGUES_BY_KEY["ethnic_group"]
RANK = CATALOGUES_BY_KEY["rank"]
BASIS = "Công văn 15/UBDT-TCCB của Ủy ban Dân tộc (thử nghiệm)"
ON = date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _fresh_catalogues() -> Iterator[None]:
    catalogue_cache_clear()
    yield
    catalogue_cache_clear()


@pytest.fixture
def operator(db: None) -> Account:
    return Account.objects.create_user(username="vanhanh.an")


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("catalogues_load", *args, stdout=out)
    return out.getvalue()


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_loader_starts_each_entrys_history_citing_its_file() -> None:
    version = CatalogueEntryVersion.objects.get(kind="ethnic_group", code="01")
    assert (version.action, version.source, version.recorded_by, version.after) == (
        "add", "file", "", {"code": "01", "name": "Kinh", "valid_from": None, "valid_to": None, "note": ""})
    assert version.legal_basis.startswith(
        "Nạp từ tệp ethnic_groups.csv. Nguồn: Quyết định 121-TCTK/PPCĐ ngày 02/3/1979 của Tổng cục Thống kê")


def test_a_changed_file_writes_an_edit_version(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _replace(data / "ethnic_groups.csv", "09,Dao", "09,Dao (Dạo)")
    _load("--data-dir", str(data))
    version = CatalogueEntryVersion.objects.filter(kind="ethnic_group", code="09").first()
    assert version is not None
    assert (version.action, version.source, version.before, version.after) == (
        "edit", "file", {"name": "Dao"}, {"name": "Dao (Dạo)"})


def test_reloading_the_shipped_files_keeps_an_operators_edit(operator: Account) -> None:
    catalogue_entry_edit(acting_user=operator, kind=ETHNIC, code="08", values={"name": "Mông"}, legal_basis=BASIS,
                         effective_date=ON)
    versions = CatalogueEntryVersion.objects.count()
    out = _load()
    assert "Dân tộc: 54 mục (thêm 0, cập nhật 0, không đổi 54)" in out
    assert "giữ giá trị người vận hành đã sửa, khác với tệp: 08 (name)" in out
    assert EthnicGroup.objects.get(code="08").name == "Mông"
    assert CatalogueEntryVersion.objects.count() == versions
    event = AuditEvent.objects.filter(action="catalogues.load").first()
    assert event is not None and event.detail["Dân tộc"]["kept"] == ["08 (name)"]


def test_the_file_still_updates_the_fields_no_operator_touched(operator: Account, tmp_path: Path) -> None:
    catalogue_entry_edit(acting_user=operator, kind=RANK, code="01.003", values={"name": "Chuyên viên (ngạch)"},
                         legal_basis=BASIS, effective_date=ON)
    data = _copy_data(tmp_path)
    _replace(data / "ranks.csv", "01.003,Chuyên viên,A1,Thông tư 02/2021/TT-BNV",
             "01.003,Chuyên viên hành chính,A1,Thông tư 02/2021/TT-BNV (Điều 3)")
    out = _load("--data-dir", str(data))
    assert "Ngạch công chức: 14 mục (thêm 0, cập nhật 1, không đổi 13)" in out
    assert "giữ giá trị người vận hành đã sửa, khác với tệp: 01.003 (name)" in out
    rank = Rank.objects.get(code="01.003")
    assert (rank.name, rank.note) == ("Chuyên viên (ngạch)", "Thông tư 02/2021/TT-BNV (Điều 3)")
    latest = CatalogueEntryVersion.objects.filter(kind="rank", code="01.003").first()
    assert latest is not None
    assert (latest.source, latest.before, latest.after) == (
        "file", {"note": "Thông tư 02/2021/TT-BNV"}, {"note": "Thông tư 02/2021/TT-BNV (Điều 3)"})


def test_an_operators_entry_and_a_retirement_survive_a_reload(operator: Account) -> None:
    catalogue_entry_add(acting_user=operator, kind=ETHNIC, values={"code": "55", "name": "Người nước ngoài"},
                        legal_basis=BASIS, effective_date=ON)
    catalogue_entry_retire(acting_user=operator, kind=ETHNIC, code="08", legal_basis=BASIS, effective_date=ON)
    _load()
    assert EthnicGroup.objects.get(code="55").name == "Người nước ngoài"
    assert EthnicGroup.objects.get(code="08").retired_on == ON


def test_a_retired_entry_resolves_by_code_but_is_not_offered(operator: Account) -> None:
    catalogue_entry_retire(acting_user=operator, kind=ETHNIC, code="08", legal_basis=BASIS, effective_date=ON)
    assert catalogue_entry_exists(kind="ethnic_group", code="08")
    assert ("08", "Hmông") in catalogue_choices(kind="ethnic_group")
    assert not catalogue_entry_offered(kind="ethnic_group", code="08")
    assert "08" not in dict(catalogue_offered_choices(kind="ethnic_group"))
    assert len(catalogue_offered_choices(kind="ethnic_group")) == 53


def test_a_retirement_dated_ahead_applies_from_its_date(operator: Account) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    catalogue_entry_retire(acting_user=operator, kind=ETHNIC, code="08", legal_basis=BASIS, effective_date=tomorrow)
    assert catalogue_entry_offered(kind="ethnic_group", code="08")


def test_another_process_s_change_reaches_this_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process copy is dropped when the shared stamp moves (another process changed it)."""
    assert dict(catalogue_choices(kind="ethnic_group"))["08"] == "Hmông"
    EthnicGroup.objects.filter(code="08").update(name="Mông")  # as another process would have
    assert dict(catalogue_choices(kind="ethnic_group"))["08"] == "Hmông"
    caches["national"].set(selectors.STAMP_KEY, "another process", timeout=None)
    monkeypatch.setattr(selectors, "_checked_at", float("-inf"))
    assert dict(catalogue_choices(kind="ethnic_group"))["08"] == "Mông"


@pytest.mark.parametrize(("call", "message"), [
    (lambda who: catalogue_entry_edit(acting_user=who, kind=ETHNIC, code="08", values={"valid_from": "2026-07-01",
                                      "valid_to": "2026-06-30"}, legal_basis=BASIS, effective_date=ON),
     {"valid_to": "Ngày áp dụng đến phải từ ngày áp dụng từ trở đi."}),
    (lambda who: catalogue_entry_edit(acting_user=who, kind=RANK, code="01.003", values={"salary_group": "Z9"},
                                      legal_basis=BASIS, effective_date=ON),
     {"salary_group": "Loại bảng lương “Z9” không có trong danh mục bảng lương."}),
    (lambda who: catalogue_entry_edit(acting_user=who, kind=ETHNIC, code="08", values={"name": "x" * 201},
                                      legal_basis=BASIS, effective_date=ON),
     {"name": "Tên dài tối đa 200 ký tự."}),
    (lambda who: catalogue_entry_edit(acting_user=who, kind=ETHNIC, code="08", values={"code": "80"},
                                      legal_basis=BASIS, effective_date=ON),
     {"code": "Trường này không sửa được trong danh mục này."}),
    (lambda who: catalogue_entry_retire(acting_user=who, kind=ETHNIC, code="08", legal_basis="", effective_date=None),
     {"legal_basis": "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản).", "effective_date": "Cần nhập ngày có hiệu lực."}),
])
def test_refusals_name_their_fields_and_write_nothing(
    operator: Account, call: Callable[[Account], object], message: dict[str, str]
) -> None:
    before = (CatalogueEntryVersion.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as refused:
        call(operator)
    assert refused.value.extra["fields"] == message
    assert refused.value.message == "Chưa lưu: thông tin của mục hoặc căn cứ chưa hợp lệ."
    assert (CatalogueEntryVersion.objects.count(), AuditEvent.objects.count()) == before
    assert EthnicGroup.objects.get(code="08").retired_on is None


def test_retiring_twice_restoring_an_entry_in_use_and_unknown_codes_are_explained(operator: Account) -> None:
    catalogue_entry_retire(acting_user=operator, kind=ETHNIC, code="08", legal_basis=BASIS, effective_date=ON)
    with pytest.raises(ApplicationError, match="^Mục “Hmông” đã ngừng sử dụng từ ngày 01/07/2026.$"):
        catalogue_entry_retire(acting_user=operator, kind=ETHNIC, code="08", legal_basis=BASIS, effective_date=ON)
    with pytest.raises(ApplicationError, match="^Mục “Kinh” đang được sử dụng.$"):
        catalogue_entry_restore(acting_user=operator, kind=ETHNIC, code="01", legal_basis=BASIS, effective_date=ON)
    with pytest.raises(NotFoundError, match="^Không có mục mã “99” trong danh mục dân tộc.$"):
        catalogue_entry_edit(acting_user=operator, kind=ETHNIC, code="99", values={"name": "Thử"}, legal_basis=BASIS,
                             effective_date=ON)
    with pytest.raises(ApplicationError, match="chỉ được bổ sung bằng cách nạp dữ liệu của Tổng cục Thống kê"):
        catalogue_entry_add(acting_user=operator, kind=CATALOGUES_BY_KEY["administrative_unit"],
                            values={"code": "99999", "name": "Xã Thử"}, legal_basis=BASIS, effective_date=ON)
