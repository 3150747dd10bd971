"""GET /api/v1/org-units/by-code/ reads `code` exactly as its OpenAPI pattern says: every code the
pattern allows is looked up (a 404 when no unit carries it), every other is a 400 naming `code`
(the contract run found "0", which the schema allowed, refused with a 400)."""

import itertools
import re
from collections.abc import Callable

import pytest

from api.v1.common.schema import ELECTRONIC_CODE_PATTERN
from core.validators import electronic_code_errors
from tests.api.conftest import Caller

LEVEL_4 = ("000", "001", "010", "100", "999", "00", "0000", "a00")
LEVEL_2_3 = ("00", "01", "10", "99", "0", "000", "٠١")
LEVEL_1 = ("H00", "H01", "H38", "H99", "G00", "G09", "X38", "h38", "H3")


def test_the_pattern_states_exactly_cores_rules() -> None:
    pattern = re.compile(ELECTRONIC_CODE_PATTERN)
    for l4, l3, l2, l1 in itertools.product(LEVEL_4, LEVEL_2_3, LEVEL_2_3, LEVEL_1):
        code = f"{l4}.{l3}.{l2}.{l1}"
        assert bool(pattern.fullmatch(code)) == (not electronic_code_errors(code)), code
    # fullmatch: Python's `$` would also match before a final newline, ECMAScript's does not (and
    # the schema's maxLength of 13 leaves no room for one).
    for text in (" 000.00.00.H38", "000.00.00.H38\n", "000-00-00-H38", ""):
        assert not pattern.fullmatch(text), text


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "status"), [
    ("000.00.99.H22", 404), ("0", 400), ("", 400), (" 000.00.99.H22", 400), ("000.00.99.h22", 400),
    ("000.01.00.H63", 400), ("000.00.00.H00", 400),
])
def test_a_code_the_schema_allows_is_looked_up_and_any_other_is_a_400(as_: Callable[[str], Caller], code: str,
                                                                      status: int) -> None:
    response = as_("doha").get("/api/v1/org-units/by-code/", {"code": code})
    assert response.status_code == status, response.content
    assert list(response.json()["extra"]["fields"]) == ["code"]
    if code in ("0", ""):
        assert response.json()["extra"]["fields"]["code"] == [
            "Mã định danh điện tử phải có dạng LLL.KK.JJ.Xnn, ví dụ 000.00.00.H38."]
