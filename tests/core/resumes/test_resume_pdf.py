"""The signed résumé is the official form of the person's category: for a công chức
(2C-BNV/2008) and a viên chức (HS02-VC/BNV) of every demo province, the PDF's text holds each
numbered item's label in the form's order, the tables' headers, names instead of codes, dates
in words, and nothing a form never says ("{}", "None", "(mã)"); both PAdES signatures are
intact and trusted; page snapshots are kept as artefacts."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django_tenants.utils import schema_context, tenant_context
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from core.approvals.dossier_pdf import AGENCY_FIELD, APPROVER_FIELD
from core.approvals.services.dossier_export import dossier_signed_pdf_export
from core.catalogues.selectors import catalogue_choices
from core.models import Dossier, Person
from tenants.models import Province
from tests.core.conftest import personas_of
from tests.core.resumes.conftest import Pki, dossier_fill

pytestmark = pytest.mark.django_db

ARTEFACTS = Path(__file__).resolve().parents[3] / "var" / "artefacts" / "resumes"
PROVINCES = ("lao-cai", "lai-chau", "son-la", "tuyen-quang", "binh-thuan")

# Each form's numbered items as the form prints them, in its order (written out here apart
# from core.resumes.form_items, so a slip there shows).
ITEMS_2C = (
    "1) Họ và tên khai sinh (viết chữ in hoa)", "2) Tên gọi khác", "3) Sinh ngày", "Giới tính (nam, nữ)",
    "4) Nơi sinh", "5) Quê quán", "6) Dân tộc", "7) Tôn giáo", "8) Nơi đăng ký hộ khẩu thường trú",
    "9) Nơi ở hiện nay", "10) Nghề nghiệp khi được tuyển dụng", "11) Ngày tuyển dụng", "Cơ quan tuyển dụng",
    "12) Chức vụ (chức danh) hiện tại", "13) Công việc chính được giao", "14) Ngạch công chức (viên chức)",
    "Mã ngạch", "Bậc lương", "Hệ số", "Ngày hưởng", "Phụ cấp chức vụ", "Phụ cấp khác",
    "15.1- Trình độ giáo dục phổ thông", "15.2- Trình độ chuyên môn cao nhất", "15.3- Lý luận chính trị",
    "15.4- Quản lý nhà nước", "15.5- Ngoại ngữ", "15.6- Tin học", "16) Ngày vào Đảng Cộng sản Việt Nam",
    "Ngày chính thức", "17) Ngày tham gia tổ chức chính trị - xã hội", "18) Ngày nhập ngũ", "Ngày xuất ngũ",
    "Quân hàm cao nhất", "19) Danh hiệu được phong tặng cao nhất", "20) Sở trường công tác", "21) Khen thưởng",
    "22) Kỷ luật", "23) Tình trạng sức khỏe", "Chiều cao", "Cân nặng", "Nhóm máu", "24) Là thương binh hạng",
    "25) Số chứng minh nhân dân", "Ngày cấp", "26) Số sổ BHXH",
    "27) ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ, TIN HỌC",
    "28) TÓM TẮT QUÁ TRÌNH CÔNG TÁC", "29) ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN", "30) QUAN HỆ GIA ĐÌNH",
    "a) Về bản thân", "b) Về bên vợ (hoặc chồng)", "31) DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC",
    "32) NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG CÁN BỘ, CÔNG CHỨC",
)
ITEMS_HS02 = (
    "1) Họ và tên khai sinh (viết chữ in hoa)", "2) Tên gọi khác", "3) Sinh ngày", "Giới tính (nam, nữ)",
    "4) Nơi sinh", "5) Quê quán", "6) Dân tộc", "7) Tôn giáo", "8) Số căn cước công dân", "Ngày cấp",
    "9) Số sổ BHXH", "Số thẻ BHYT", "10) Nơi đăng ký hộ khẩu thường trú", "Nơi ở hiện nay",
    "11) Thành phần gia đình xuất thân", "12) Nghề nghiệp bản thân trước khi được tuyển dụng",
    "13) Ngày được tuyển dụng lần đầu", "14) Ngày vào cơ quan hiện đang công tác",
    "15) Ngày vào Đảng Cộng sản Việt Nam", "16) Ngày tham gia tổ chức chính trị - xã hội", "17) Ngày nhập ngũ",
    "18) Đối tượng chính sách", "19) Trình độ giáo dục phổ thông", "20) Trình độ chuyên môn cao nhất",
    "Lý luận chính trị", "Quản lý nhà nước", "Ngoại ngữ", "Tin học", "21) Học hàm",
    "22) Danh hiệu nhà nước phong tặng", "23) Chức vụ hiện tại", "24) Được quy hoạch chức danh",
    "25) Chức vụ kiêm nhiệm", "26) Chức vụ Đảng hiện tại", "27) Chức vụ Đảng kiêm nhiệm",
    "28) Công việc chính được giao", "29) Sở trường công tác", "30) Chức danh nghề nghiệp", "Mã số",
    "Bậc lương", "31) Tình trạng sức khỏe", "32) QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG", "32.1- Chuyên môn, nghiệp vụ",
    "32.2- Lý luận chính trị", "32.3- Quản lý nhà nước", "32.4- Bồi dưỡng kiến thức quốc phòng, an ninh",
    "32.5- Tin học", "32.6- Ngoại ngữ, tiếng dân tộc", "33) TÓM TẮT QUÁ TRÌNH CÔNG TÁC",
    "34) ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN", "35) KHEN THƯỞNG, KỶ LUẬT, ĐÁNH GIÁ", "36) QUAN HỆ GIA ĐÌNH",
    "36.1- Về bản thân", "36.2- Về bên vợ (hoặc chồng)", "37) HOÀN CẢNH KINH TẾ GIA ĐÌNH",
    "37.1- Quá trình lương của bản thân", "37.3- Nhà ở, đất ở",
    "NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG VIÊN CHỨC",
)
# The closing block, after the last item: the declaration and the agency's confirmation side
# by side (so their text comes in no fixed order).
CLOSING = ("Người khai", "Tôi xin cam đoan những lời khai trên đây là đúng sự thật", "(Ký tên, ghi rõ họ tên)",
           "Thủ trưởng cơ quan, đơn vị quản lý và sử dụng", "(Ký tên, đóng dấu)")
# Header cells of the four tables: training, work history, family (both sides), salary.
TABLE_HEADERS = ("Tên trường", "Hình thức", "Văn bằng, chứng chỉ", "Từ tháng, năm", "Chức danh, chức vụ, đơn vị",
                 "Mối quan", "Họ và tên", "Năm", "Tháng/năm", "Mã ngạch/bậc", "Hệ số lương")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with each run of white space as one space (lines wrap anywhere)."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def assert_in_order(text: str, labels: tuple[str, ...]) -> None:
    position = 0
    for label in labels:
        found = text.find(label, position)
        assert found >= 0, f"“{label}” missing after position {position}: …{text[position:position + 200]}…"
        position = found + len(label)


def _province(code: str) -> Province:
    with schema_context("public"):
        return Province.objects.get(code=code)


def _signed(province: Province, who: str, pki: Pki) -> tuple[Person, bytes]:
    personas = personas_of(province)
    person = personas.person(getattr(personas, who))
    dossier_fill(person)
    exported = dossier_signed_pdf_export(acting_user=personas.doha, person_id=person.pk,
                                         signer=pki.signer_for(personas.doha), agency_signer=pki.seal_for(person))
    return person, exported.content


def _name(kind: str, code: str) -> str:
    return dict(catalogue_choices(kind=kind))[code].removesuffix(f" ({code})")


@pytest.mark.parametrize("code", PROVINCES)
@pytest.mark.parametrize(("who", "items", "rank_field", "rank_kind"), [
    ("employee", ITEMS_2C, "rank_code", "rank"),
    ("teacher", ITEMS_HS02, "professional_title_code", "professional_title"),
])
def test_the_signed_resume_is_the_official_form(code: str, who: str, items: tuple[str, ...], rank_field: str,
                                                rank_kind: str, pki: Pki) -> None:
    province = _province(code)
    with tenant_context(province):
        person, pdf = _signed(province, who, pki)
        dossier = Dossier.objects.get(person=person)
        text = pdf_text(pdf)

        assert_in_order(text, items)
        closing = text[text.index(items[-1]):]
        for label in CLOSING:
            assert label in closing, label
        assert person.full_name in closing  # the declarant's name under the signature place
        for header in TABLE_HEADERS:
            assert header in text, header
        # Names, not codes; the rank's code only in its own box.
        rank_code = getattr(dossier, rank_field)
        assert _name("ethnic_group", dossier.ethnic_group_code) in text
        assert f"Tôn giáo: {_name('religion', dossier.religion_code)}" in text
        assert f"{_name(rank_kind, rank_code)}, Mã" in text and f": {rank_code}" in text
        assert "Lý luận chính trị: Trung cấp" in text
        assert "Đại học" in text and "Bằng trung cấp" in text
        born = person.birth_date
        assert f"Sinh ngày {born.day} tháng {born.month} năm {born.year}" in text
        assert f"{person.full_name.upper()}" in text
        assert "Nguyễn Văn Bình" in text and "Trần Thị Cúc" in text  # both sides of the family
        assert "07/2023" in text and "3,00" in text  # the salary table
        for never in ("{}", "None", "(mã)", "Trường bổ sung", "ghi_chu"):
            assert never not in text, never
        assert "......" in text  # empty items are dotted lines

        reader = PdfFileReader(io.BytesIO(pdf))
        assert [s.field_name for s in reader.embedded_signatures] == [APPROVER_FIELD, AGENCY_FIELD]
        root = asn1_x509.Certificate.load(pki.ca.certificate.public_bytes(serialization.Encoding.DER))
        for signature in reader.embedded_signatures:
            status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
            assert status.intact and status.valid and status.trusted, status.pretty_print_details()


@pytest.mark.parametrize(("who", "form"), [("employee", "2C-BNV-2008"), ("teacher", "HS02-VC-BNV")])
def test_page_snapshots_are_kept_as_artefacts(who: str, form: str, pki: Pki) -> None:
    """Each page as PNG (pdftoppm) under var/artefacts/resumes/, A4 portrait, for a person to
    compare with the paper form."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: no page snapshots of the résumé were made")
    province = _province("lao-cai")
    with tenant_context(province):
        _, pdf = _signed(province, who, pki)
    sizes = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        sizes.append((float(page.mediabox.width) * 80 / 72, float(page.mediabox.height) * 80 / 72))
    folder = ARTEFACTS
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{form}-*.png"):
        old.unlink()
    (folder / f"{form}.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "80", "-png", str(folder / f"{form}.pdf"), str(folder / form)], check=True)
    pages = sorted(folder.glob(f"{form}-*.png"))
    assert len(pages) == len(sizes) >= 2  # one PNG per page of the PDF
    for png, (width, height) in zip(pages, sizes, strict=True):
        got = _png_size(png)
        # the page's own size at 80 dpi (A4: 661 × 936 px), whole pixels either way
        assert abs(got[0] - width) <= 1 and abs(got[1] - height) <= 1, (png.name, got, width, height)


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
