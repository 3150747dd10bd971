"""Hand-built people with known attributes in a fresh unit, and the reports app's URLs."""

from dataclasses import dataclass
from datetime import date

import pytest

from core.models import (
    Appointment,
    Degree,
    Dossier,
    Gender,
    OrgUnit,
    OrgUnitKind,
    Person,
    PersonCategory,
    PersonStatus,
    Placement,
    SalaryHistory,
)
from core.services.org_units import org_unit_create, org_unit_root
from tests.core.conftest import Personas
from tests.core.factories import national_id_for

SINCE = date(2020, 1, 1)


def person_make(
    unit: OrgUnit, name: str, *, category: str, gender: str, birth_year: int, rank: str = "", title: str = "",
    job: str = "", ethnic: str = "", political: str = "", degrees: tuple[str, ...] = (),
    start: date = SINCE, end: date | None = None, status: str = PersonStatus.WORKING,
) -> Person:
    """One person with a dossier, a placement in `unit` from `start` (to `end`) and degrees."""
    person = Person.objects.create(
        national_id=national_id_for(year=birth_year, gender=gender), full_name=name, gender=gender,
        birth_year=birth_year, category=category, org_unit=unit, status=status,
    )
    Dossier.objects.create(person=person, rank_code=rank, professional_title_code=title, job_position=job,
                           ethnic_group_code=ethnic, political_theory_level_code=political)
    Placement.objects.create(person=person, org_unit=unit, start=start, end=end)
    Degree.objects.bulk_create([Degree(person=person, level_code=level, field="Quản lý", institution="Học viện")
                                for level in degrees])
    return person


@dataclass(frozen=True)
class Fixture:
    """A fresh agency under the province and a department in it, with five people:

    | who | unit | category | gender | born | rank / title | job | ethnic | education | theory |
    |---|---|---|---|---|---|---|---|---|---|
    | an | agency | công chức | male | 1990 | 01.003 | Chuyên viên tổng hợp | 01 | THS (and DH) | TC |
    | binh | department | công chức | female | 1970 | 01.002 | Chuyên viên tổng hợp | 03 | DH | CC |
    | chi | department | viên chức | female | 2000 | V.07.05.14 | Giáo viên | 03 | CD | – |
    | dung | agency, retired 30/6/2025 | công chức | male | 1964 | 01.003 | – | 01 | – | – |
    | em | agency, then the department from 1/4/2025 | người lao động | male | 1985 | – | Lái xe | 01 | – | – |

    In 2025: an goes from rank 01.004 to 01.003 (1/3), binh from step 2 to 3 (1/5) and is
    appointed head of department (1/7).
    """

    agency: OrgUnit
    department: OrgUnit
    an: Person
    binh: Person
    chi: Person
    dung: Person
    em: Person


def fixture_build(personas: Personas) -> Fixture:
    root = org_unit_root()
    level1 = root.electronic_code[-3:]
    agency = org_unit_create(acting_user=personas.doha, parent=root, kind=OrgUnitKind.AGENCY,
                             name="Ban Thống kê thử nghiệm", electronic_code=f"000.00.90.{level1}",
                             established_on=SINCE)
    department = org_unit_create(acting_user=personas.doha, parent=agency, kind=OrgUnitKind.DEPARTMENT,
                                 name="Phòng Tổng hợp thử nghiệm", electronic_code=f"000.01.90.{level1}",
                                 established_on=SINCE)
    cc, vc = PersonCategory.CONG_CHUC, PersonCategory.VIEN_CHUC
    an = person_make(agency, "Nguyễn Văn An", category=cc, gender=Gender.MALE, birth_year=1990, rank="01.003",
                     job="Chuyên viên tổng hợp", ethnic="01", political="TC", degrees=("DH", "THS"))
    binh = person_make(department, "Lò Thị Bình", category=cc, gender=Gender.FEMALE, birth_year=1970,
                       rank="01.002", job="Chuyên viên tổng hợp", ethnic="03", political="CC", degrees=("DH",))
    chi = person_make(department, "Cầm Thị Chi", category=vc, gender=Gender.FEMALE, birth_year=2000,
                      title="V.07.05.14", job="Giáo viên", ethnic="03", degrees=("CD",))
    dung = person_make(agency, "Trần Văn Dũng", category=cc, gender=Gender.MALE, birth_year=1964, rank="01.003",
                       ethnic="01", end=date(2025, 6, 30), status=PersonStatus.RETIRED)
    em = person_make(agency, "Hoàng Văn Em", category=PersonCategory.NGUOI_LAO_DONG, gender=Gender.MALE,
                     birth_year=1985, job="Lái xe", ethnic="01", end=date(2025, 3, 31))
    Placement.objects.create(person=em, org_unit=department, start=date(2025, 4, 1))
    Person.objects.filter(pk=em.pk).update(org_unit=department)
    SalaryHistory.objects.bulk_create([
        SalaryHistory(person=an, effective_on=date(2020, 1, 1), rank_code="01.004", step=3, coefficient="2.72"),
        SalaryHistory(person=an, effective_on=date(2025, 3, 1), rank_code="01.003", step=1, coefficient="2.34"),
        SalaryHistory(person=binh, effective_on=date(2022, 5, 1), rank_code="01.002", step=2, coefficient="4.74"),
        SalaryHistory(person=binh, effective_on=date(2025, 5, 1), rank_code="01.002", step=3, coefficient="5.08"),
    ])
    Appointment.objects.bulk_create([
        Appointment(person=binh, position="Trưởng phòng", decision="QĐ 12/QĐ-BTK", start=date(2025, 7, 1)),
        Appointment(person=an, position="Phó Trưởng phòng", decision="QĐ 3/QĐ-BTK", start=date(2024, 2, 1)),
    ])
    return Fixture(agency=agency, department=department, an=an, binh=binh, chi=chi, dung=dung, em=em)


@pytest.fixture
def built(lc: Personas) -> Fixture:
    """The hand-built unit in Lào Cai; the test runs inside Lào Cai's schema."""
    return fixture_build(lc)
