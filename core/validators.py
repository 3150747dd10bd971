"""Validators for identifiers written in personnel records.

The `*_errors` functions are pure: they never touch the database and never raise, whatever they
are given; each returns one Vietnamese message per problem (an empty list when the value is
valid). The `validate_*` wrappers raise Django's ValidationError for model and form fields.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError

from core.catalogues.datafiles import LEGACY_PROVINCES

NATIONAL_ID_PATTERN = re.compile(r"[0-9]{12}")
NATIONAL_ID_FORMAT = "Số định danh cá nhân phải gồm đúng 12 chữ số."
# Digit 4 of the ID number: (century start, sex) per Thông tư 59/2021/TT-BCA, Điều 7.
_CENTURY_FIRST_YEAR = 1900
_CENTURY_LAST_YEAR = 2399
_SEX_LABELS = {"male": "nam", "female": "nữ"}

# LLL.KK.JJ.Xnn, lowest level first (Quyết định 20/2020/QĐ-TTg, sửa đổi bởi 09/2025/QĐ-TTg).
ELECTRONIC_CODE_PATTERN = re.compile(r"(?P<l4>[0-9]{3})\.(?P<l3>[0-9]{2})\.(?P<l2>[0-9]{2})\.(?P<l1>[HG][0-9]{2})")


def national_id_errors(
    national_id: str,
    *,
    birth_date: date | None = None,
    birth_year: int | None = None,
    gender: str | None = None,
) -> list[str]:
    """Problems with a 12-digit personal identification number (số định danh cá nhân).

    Checks the format, the birth-registration province (the 63 legacy codes), and, when the
    person's birth year (`birth_date` wins over `birth_year`) or gender ("male"/"female") is
    known, that digit 4 (century and sex) and digits 5–6 (year) agree with them.
    """
    if not isinstance(national_id, str) or not NATIONAL_ID_PATTERN.fullmatch(national_id):
        return [NATIONAL_ID_FORMAT]
    errors = []
    province = national_id[:3]
    if province not in LEGACY_PROVINCES:
        errors.append(f"Mã tỉnh nơi đăng ký khai sinh “{province}” không tồn tại.")
    year = _birth_year(birth_date, birth_year)
    sex = _SEX_LABELS.get(gender) if isinstance(gender, str) else None
    if year is not None and not _CENTURY_FIRST_YEAR <= year <= _CENTURY_LAST_YEAR:
        errors.append(f"Năm sinh {year} nằm ngoài khoảng 1900–2399 mà số định danh cá nhân biểu diễn được.")
        year = None
    century_error = _century_sex_error(int(national_id[3]), year=year, sex=sex)
    if century_error:
        errors.append(century_error)
    if year is not None and national_id[4:6] != f"{year % 100:02d}":
        errors.append(
            f"Chữ số thứ 5–6 ({national_id[4:6]}) phải là hai chữ số cuối của năm sinh {year}."
        )
    return errors


def _birth_year(birth_date: object, birth_year: object) -> int | None:
    if isinstance(birth_date, date):
        return birth_date.year
    if isinstance(birth_year, int) and not isinstance(birth_year, bool):
        return birth_year
    return None


def _century_sex_error(digit: int, *, year: int | None, sex: str | None) -> str | None:
    century = _CENTURY_FIRST_YEAR + digit // 2 * 100
    digit_sex = "nữ" if digit % 2 else "nam"
    mismatches = []
    if year is not None and not century <= year < century + 100:
        mismatches.append(f"năm sinh {year}")
    if sex is not None and sex != digit_sex:
        mismatches.append(f"giới tính {sex}")
    if not mismatches:
        return None
    return (
        f"Chữ số thứ 4 ({digit}) cho biết {digit_sex} sinh từ năm {century}, "
        f"không khớp với {' và '.join(mismatches)}."
    )


def electronic_code_errors(code: str) -> list[str]:
    """Problems with an agency electronic identifier code, written `LLL.KK.JJ.Xnn`.

    `Xnn` is the level-1 body (H + two digits for provinces, G + two digits for ministries and
    central bodies); then level 2 (JJ), level 3 (KK), level 4 (LLL); zeros mean "none", so a
    lower level cannot be set under an empty higher one.
    """
    if not isinstance(code, str) or not (match := ELECTRONIC_CODE_PATTERN.fullmatch(code)):
        return ["Mã định danh điện tử phải có dạng LLL.KK.JJ.Xnn, ví dụ 000.00.00.H38."]
    errors = []
    if match["l1"][1:] == "00":
        errors.append(f"Mã cấp 1 “{match['l1']}” không hợp lệ: số thứ tự phải từ 01 đến 99.")
    if match["l3"] != "00" and match["l2"] == "00":
        errors.append(f"Mã cấp 3 “{match['l3']}” khác 00 nhưng mã cấp 2 là 00: đơn vị cấp 3 phải thuộc một đơn vị cấp 2.")
    if match["l4"] != "000" and match["l3"] == "00":
        errors.append(f"Mã cấp 4 “{match['l4']}” khác 000 nhưng mã cấp 3 là 00: đơn vị cấp 4 phải thuộc một đơn vị cấp 3.")
    return errors


def electronic_code_parent(code: str) -> str | None:
    """The code of the body directly above (the lowest non-zero level set to zeros); None for a
    level-1 body or an invalid code."""
    if electronic_code_errors(code):
        return None
    l4, l3, l2, l1 = code.split(".")
    if l4 != "000":
        return f"000.{l3}.{l2}.{l1}"
    if l3 != "00":
        return f"000.00.{l2}.{l1}"
    if l2 != "00":
        return f"000.00.00.{l1}"
    return None


def validate_national_id(value: str) -> None:
    """Field validator: format and province only (the field alone does not know the birth
    year or gender; the model's clean() passes them to national_id_errors)."""
    errors = national_id_errors(value)
    if errors:
        raise ValidationError([ValidationError(error, code="invalid_national_id") for error in errors])


def validate_electronic_code(value: str) -> None:
    errors = electronic_code_errors(value)
    if errors:
        raise ValidationError([ValidationError(error, code="invalid_electronic_code") for error in errors])
