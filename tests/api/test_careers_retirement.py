"""GET /api/v1/calendar/retirement/: the retirement calculator, for anyone, in every province."""

import pytest
from django_tenants.utils import tenant_context

from rules.models import RuleVersion
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/retirement/"


def test_a_man_born_in_april_1966_retires_at_62(lao_cai: Province) -> None:
    response = client_for(lao_cai).get(URL, {"birth": "1966-04-15", "gender": "male"})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "birth": "1966-04-15", "gender": "male", "age": {"years": 62, "months": 0},
        "retire_on": "2028-04-30", "pension_from": "2028-05-01", "notice_by": "2027-10-31",
        "decision_by": "2028-01-31",
        "citation": {"document": "Nghị định 135/2020/NĐ-CP (Bộ luật Lao động 2019, Điều 169)",
                     "article": "Điều 4; Phụ lục I, II", "effective": "2021-01-01"},
    }


def test_a_woman_born_in_may_1969_retires_at_57(son_la: Province) -> None:
    body = client_for(son_la).get(URL, {"birth": "1969-05-20", "gender": "female"}).json()
    assert body["age"] == {"years": 57, "months": 0}
    assert (body["retire_on"], body["pension_from"]) == ("2026-05-31", "2026-06-01")
    assert (body["notice_by"], body["decision_by"]) == ("2025-11-30", "2026-02-28")


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"gender": "male"}, "birth", "Cần tham số birth (ngày sinh), dạng YYYY-MM-DD, ví dụ birth=1966-04-15."),
    ({"birth": "15/04/1966", "gender": "male"}, "birth",
     "Tham số birth (ngày sinh) phải có dạng YYYY-MM-DD, ví dụ birth=1966-04-15."),
    ({"birth": "1966-02-30", "gender": "male"}, "birth",
     "Tham số birth (ngày sinh) phải có dạng YYYY-MM-DD, ví dụ birth=1966-04-15."),
    ({"birth": "1866-04-15", "gender": "male"}, "birth", "Tham số birth (ngày sinh) phải từ năm 1900 đến năm 2100."),
    ({"birth": "2101-01-01", "gender": "male"}, "birth", "Tham số birth (ngày sinh) phải từ năm 1900 đến năm 2100."),
    ({"birth": "1966-4-15", "gender": "male"}, "birth",
     "Tham số birth (ngày sinh) phải có dạng YYYY-MM-DD, ví dụ birth=1966-04-15."),
    ({"birth": "1966-04-15"}, "gender", "Cần tham số gender (giới tính): male (nam) hoặc female (nữ)."),
    ({"birth": "1966-04-15", "gender": "nam"}, "gender",
     "Tham số gender (giới tính) phải là male (nam) hoặc female (nữ)."),
])
def test_bad_input_is_refused_naming_the_parameter(lao_cai: Province, query: dict, field: str, message: str) -> None:
    response = client_for(lao_cai).get(URL, query)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == message
    assert body["code"] == "invalid"
    assert body["extra"]["fields"][field] == [message]


def test_a_roadmap_version_from_a_future_date_changes_retirements_after_it_only(lai_chau: Province) -> None:
    """A province records a (hypothetical) new roadmap from 01/01/2030: men retiring before then
    keep the old answer, men retiring after it get the new one."""
    with tenant_context(lai_chau):
        RuleVersion.objects.create(
            key="career.retirement_age", effective_from="2030-01-01", document="Luật thử nghiệm", article="Điều 1",
            value={"before_male": 720, "before_female": 660, "years": [[2030, 750, 720]]})
    client = client_for(lai_chau)
    before = client.get(URL, {"birth": "1966-04-15", "gender": "male"}).json()
    assert before["retire_on"] == "2028-04-30"
    after = client.get(URL, {"birth": "1970-01-10", "gender": "male"}).json()
    # Old roadmap: 1970-01 + 62 y = 2032-01. New: 62 y 6 m from 2030, so 1970-01 + 62 y 6 m = 2032-07.
    assert after["age"] == {"years": 62, "months": 6}
    assert after["retire_on"] == "2032-07-31"
    assert after["citation"]["document"] == "Luật thử nghiệm"
