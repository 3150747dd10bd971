"""The identifier validators: pure functions, exact Vietnamese messages, never an exception."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.catalogues.datafiles import LEGACY_PROVINCES
from core.validators import (
    electronic_code_errors,
    electronic_code_parent,
    national_id_errors,
    validate_electronic_code,
    validate_national_id,
)

FORMAT = "Số định danh cá nhân phải gồm đúng 12 chữ số."
ELECTRONIC_FORMAT = "Mã định danh điện tử phải có dạng LLL.KK.JJ.Xnn, ví dụ 000.00.00.H38."


def test_the_legacy_province_list_has_the_63_codes_of_the_id_number() -> None:
    """The first three digits: 63 codes from 001 Hà Nội to 096 Cà Mau, as in the reference data."""
    assert len(LEGACY_PROVINCES) == 63
    assert min(LEGACY_PROVINCES) == "001" and LEGACY_PROVINCES["001"] == "Hà Nội"
    assert max(LEGACY_PROVINCES) == "096" and LEGACY_PROVINCES["096"] == "Cà Mau"
    examples = {"002": "Hà Giang", "008": "Tuyên Quang", "010": "Lào Cai", "012": "Lai Châu",
                "014": "Sơn La", "015": "Yên Bái", "060": "Bình Thuận", "068": "Lâm Đồng"}
    assert {code: LEGACY_PROVINCES[code] for code in examples} == examples


@pytest.mark.parametrize(
    ("national_id", "kwargs"),
    [
        ("010085000123", {}),
        ("010085000123", {"birth_year": 1985, "gender": "male"}),
        ("010085000123", {"birth_date": date(1985, 3, 2), "gender": "male"}),
        ("012301000001", {"birth_date": date(2001, 12, 31), "gender": "female"}),
        ("060199000042", {"birth_year": 1999, "gender": "female"}),
        ("096200000007", {"birth_year": 2000, "gender": "male"}),
        ("001402000000", {"birth_year": 2102, "gender": "male"}),
        ("068985999999", {"birth_year": 2385, "gender": "female"}),
        ("010085000123", {"birth_year": 1985, "gender": "other"}),
    ],
)
def test_a_number_matching_the_person_is_valid(national_id: str, kwargs: dict[str, object]) -> None:
    """A number from a legacy province whose digit 4 and digits 5–6 agree with the person is valid."""
    assert national_id_errors(national_id, **kwargs) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "national_id",
    [None, "", "12345", "0100850001234", "01008500012a", " 010085000123", "010085000123 ",
     "010 085 000 123", "０１００８５０００１２３", "01008500012٣", 10085000123, ["010085000123"]],
)
def test_anything_but_twelve_ascii_digits_is_one_format_error(national_id: object) -> None:
    """Odd input (None, spaces, letters, other scripts' digits, non-strings) never raises."""
    assert national_id_errors(national_id) == [FORMAT]  # type: ignore[arg-type]


@pytest.mark.parametrize("province", ["999", "000", "003", "097"])
def test_an_unknown_province_code_is_named(province: str) -> None:
    assert national_id_errors(f"{province}085000123") == [
        f"Mã tỉnh nơi đăng ký khai sinh “{province}” không tồn tại."
    ]


def test_digit_four_against_both_century_and_gender() -> None:
    assert national_id_errors("010285000123", birth_year=1985, gender="female") == [
        "Chữ số thứ 4 (2) cho biết nam sinh từ năm 2000, không khớp với năm sinh 1985 và giới tính nữ.",
    ]


def test_digit_four_against_gender_only() -> None:
    assert national_id_errors("010085000123", birth_year=1985, gender="female") == [
        "Chữ số thứ 4 (0) cho biết nam sinh từ năm 1900, không khớp với giới tính nữ.",
    ]


def test_digit_four_against_century_only() -> None:
    """When the gender is unknown, only the century is compared."""
    assert national_id_errors("010305000123", birth_year=1905) == [
        "Chữ số thứ 4 (3) cho biết nữ sinh từ năm 2000, không khớp với năm sinh 1905.",
    ]


def test_digits_five_and_six_are_the_birth_year() -> None:
    assert national_id_errors("010086000123", birth_year=1985, gender="male") == [
        "Chữ số thứ 5–6 (86) phải là hai chữ số cuối của năm sinh 1985.",
    ]


def test_birth_date_wins_over_birth_year() -> None:
    assert national_id_errors("010085000123", birth_date=date(1985, 1, 1), birth_year=1986) == []


def test_every_problem_is_reported_at_once() -> None:
    assert national_id_errors("999386000123", birth_year=1985, gender="male") == [
        "Mã tỉnh nơi đăng ký khai sinh “999” không tồn tại.",
        "Chữ số thứ 4 (3) cho biết nữ sinh từ năm 2000, không khớp với năm sinh 1985 và giới tính nam.",
        "Chữ số thứ 5–6 (86) phải là hai chữ số cuối của năm sinh 1985.",
    ]


def test_a_birth_year_the_number_cannot_express() -> None:
    assert national_id_errors("010099000123", birth_year=1899, gender="male") == [
        "Năm sinh 1899 nằm ngoài khoảng 1900–2399 mà số định danh cá nhân biểu diễn được.",
    ]


@pytest.mark.parametrize("kwargs", [{"birth_year": "1985"}, {"birth_year": True}, {"birth_date": "1985-01-01"},
                                    {"gender": 1}, {"gender": ""}])
def test_odd_person_data_is_ignored_not_fatal(kwargs: dict[str, object]) -> None:
    assert national_id_errors("010285000123", **kwargs) == []  # type: ignore[arg-type]


@st.composite
def _person_and_number(draw: st.DrawFn) -> tuple[str, int, str]:
    province = draw(st.sampled_from(sorted(LEGACY_PROVINCES)))
    year = draw(st.integers(min_value=1900, max_value=2399))
    gender = draw(st.sampled_from(["male", "female"]))
    serial = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    digit = (year - 1900) // 100 * 2 + (gender == "female")
    return f"{province}{digit}{year % 100:02d}{serial}", year, gender


@given(_person_and_number())
def test_any_number_built_from_the_rules_validates(case: tuple[str, int, str]) -> None:
    """Province code + century-and-sex digit + year + any serial matches that birth year and gender."""
    national_id, year, gender = case
    assert national_id_errors(national_id, birth_year=year, gender=gender) == []
    assert national_id_errors(national_id, birth_date=date(year, 6, 15), gender=gender) == []


@given(_person_and_number())
def test_the_other_gender_is_always_refused(case: tuple[str, int, str]) -> None:
    national_id, year, gender = case
    other = "female" if gender == "male" else "male"
    assert len(national_id_errors(national_id, birth_year=year, gender=other)) == 1


@given(st.one_of(st.none(), st.text(), st.integers(), st.binary()), st.one_of(st.none(), st.integers()),
       st.one_of(st.none(), st.text()))
def test_national_id_errors_never_raises(value: object, year: object, gender: object) -> None:
    assert isinstance(national_id_errors(value, birth_year=year, gender=gender), list)  # type: ignore[arg-type]


def test_the_field_validator_raises_each_message() -> None:
    validate_national_id("010085000123")
    with pytest.raises(ValidationError) as raised:
        validate_national_id("999085000123")
    assert raised.value.messages == ["Mã tỉnh nơi đăng ký khai sinh “999” không tồn tại."]
    assert raised.value.error_list[0].code == "invalid_national_id"


@pytest.mark.parametrize("code", ["000.00.00.H38", "000.00.31.H38", "000.12.31.H38", "001.12.31.H35",
                                  "000.00.01.G05", "999.99.99.H63"])
def test_a_well_formed_electronic_code_is_valid(code: str) -> None:
    assert electronic_code_errors(code) == []


@pytest.mark.parametrize("code", [None, "", "H38", "000.00.00.h38", "000.00.00.X38", "00.00.00.H38",
                                  "000.000.00.H38", "000.00.00.H3", "000-00-00-H38", " 000.00.00.H38", 38])
def test_a_malformed_electronic_code_is_one_format_error(code: object) -> None:
    assert electronic_code_errors(code) == [ELECTRONIC_FORMAT]  # type: ignore[arg-type]


def test_level_one_number_zero_is_refused() -> None:
    assert electronic_code_errors("000.00.00.H00") == [
        "Mã cấp 1 “H00” không hợp lệ: số thứ tự phải từ 01 đến 99."
    ]


def test_a_lower_level_needs_its_higher_level() -> None:
    assert electronic_code_errors("000.05.00.H38") == [
        "Mã cấp 3 “05” khác 00 nhưng mã cấp 2 là 00: đơn vị cấp 3 phải thuộc một đơn vị cấp 2."
    ]
    assert electronic_code_errors("007.00.31.H38") == [
        "Mã cấp 4 “007” khác 000 nhưng mã cấp 3 là 00: đơn vị cấp 4 phải thuộc một đơn vị cấp 3."
    ]


def test_electronic_code_parent_walks_up_one_level_at_a_time() -> None:
    assert electronic_code_parent("001.12.31.H38") == "000.12.31.H38"
    assert electronic_code_parent("000.12.31.H38") == "000.00.31.H38"
    assert electronic_code_parent("000.00.31.H38") == "000.00.00.H38"
    assert electronic_code_parent("000.00.00.H38") is None
    assert electronic_code_parent("not a code") is None
    assert electronic_code_parent(None) is None  # type: ignore[arg-type]


def test_the_electronic_code_field_validator() -> None:
    validate_electronic_code("000.00.00.H38")
    with pytest.raises(ValidationError) as raised:
        validate_electronic_code("H38")
    assert raised.value.messages == [ELECTRONIC_FORMAT]
    assert raised.value.error_list[0].code == "invalid_electronic_code"
