"""Reading the catalogues: salary ladders, choices in Vietnamese order, existence checks."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from core.catalogues.models import SalaryScale
from core.catalogues.selectors import (
    catalogue_cache_clear,
    catalogue_choices,
    catalogue_entry_exists,
)
from core.catalogues.sorting import vietnamese_sort_key

# Reference data: first and last coefficient of each ladder (Nghị định 204/2004/NĐ-CP, Bảng 1 and 2).
LADDERS = {"A3.1": ("6.20", "8.00", 6), "A3.2": ("5.75", "7.55", 6), "A2.1": ("4.40", "6.78", 8),
           "A2.2": ("4.00", "6.38", 8), "A1": ("2.34", "4.98", 9), "A0": ("2.10", "4.89", 10),
           "B": ("1.86", "4.06", 12), "C1": ("1.65", "3.63", 12), "C2": ("1.50", "3.48", 12),
           "C3": ("1.35", "3.33", 12), "CG": ("8.80", "10.00", 3)}


@pytest.fixture
def loaded(db: None) -> None:
    call_command("catalogues_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    catalogue_cache_clear()


def test_each_ladder_runs_from_its_first_to_its_last_coefficient(loaded: None) -> None:
    scales = {scale.code: scale for scale in SalaryScale.objects.all()}
    assert set(scales) == set(LADDERS)
    for code, (first, last, steps) in LADDERS.items():
        scale = scales[code]
        assert scale.steps == steps
        assert scale.coefficient_at(1) == Decimal(first)
        assert scale.coefficient_at(steps) == Decimal(last)
    assert scales["A1"].coefficient_at(2) == Decimal("2.67")
    assert scales["B"].step_interval_months == 24 and scales["A1"].step_interval_months == 36
    assert scales["CG"].step_interval_months == 60
    assert "UNCONFIRMED" in scales["C1"].note


def test_a_step_outside_the_ladder_is_refused() -> None:
    scale = SalaryScale(code="A1", first_coefficient=Decimal("2.34"), step_increment=Decimal("0.33"), steps=9,
                        step_interval_months=36)
    for step in (0, 10):
        with pytest.raises(ValueError, match=f"Bậc {step} nằm ngoài thang lương A1"):
            scale.coefficient_at(step)


def test_choices_follow_vietnamese_alphabetical_order(loaded: None) -> None:
    """Đắk Lắk sorts after Cà Mau and before Gia Lai, not after Yên Bái as code points would."""
    labels = [label for _, label in catalogue_choices(kind="administrative_unit")]
    assert labels.index("Cà Mau") < labels.index("Đắk Lắk") < labels.index("Gia Lai")
    assert labels.index("Lào Cai (trước 1/7/2025)") < labels.index("Yên Bái (trước 1/7/2025)")
    ethnic = catalogue_choices(kind="ethnic_group")
    assert len(ethnic) == 54 and ("01", "Kinh") in ethnic
    assert ("01.003", "Chuyên viên (01.003)") in catalogue_choices(kind="rank")


def test_entry_exists_for_every_kind(loaded: None) -> None:
    present = {"ethnic_group": "54", "religion": "00", "rank": "01.001", "professional_title": "V.07.04.30",
               "education_level": "TS", "political_theory_level": "CN", "administrative_unit": "096"}
    for kind, code in present.items():
        assert catalogue_entry_exists(kind=kind, code=code)
        assert not catalogue_entry_exists(kind=kind, code="không-có")


def test_choices_are_cached_per_process(loaded: None, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    catalogue_choices(kind="religion")
    with django_assert_num_queries(0):
        assert catalogue_entry_exists(kind="religion", code="01")


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown catalogue kind 'tribe'"):
        catalogue_entry_exists(kind="tribe", code="01")


def test_vietnamese_sort_key_orders_letters_before_tones() -> None:
    words = ["Yên", "Đắk", "Dao", "Ân", "An", "Ăn", "Bà", "Ba", "Bá", "ba", "Bả"]
    assert sorted(words, key=vietnamese_sort_key) == ["An", "Ăn", "Ân", "Ba", "ba", "Bà", "Bả", "Bá", "Dao", "Đắk", "Yên"]
