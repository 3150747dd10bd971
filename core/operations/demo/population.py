"""The people of a demo province beyond its personas: about 1,500 for `make run` (`hoso_setup
--demo --demo-people 1500`), up to 100,000 for the benchmarks, spread over the organisation
tree as a province's staff is: teachers in the schools, doctors and nurses in the hospital,
civil servants in the departments' offices, officials in the communes.

Every value comes from the national catalogues (ranks and professional titles with their
salary table, education levels, ethnic groups, religions) and agrees with the rest of the
dossier: the salary step is the one the years since recruitment reach at the scale's step
interval, with its coefficient and history; the degree row names the highest qualification;
the work history ends in the current unit. Names are Faker's `vi_VN` family and given names,
written family, middle, given as records write them, seeded, so the same province is the same
people on every machine.

Everything is written by bulk inserts in batches (no per-person query), and each dossier's
first version is recorded as the personas' are, from the rows in memory. A province that already holds generated people
is left as it is (demo_populate builds a province once).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import DatabaseError, connection, transaction

from core.base.accounts.models import Account
from core.base.text import search_normalise
from core.catalogues.models import EducationLevel, EthnicGroup, ProfessionalTitle, Rank, SalaryScale
from core.dossier_values import DOSSIER_ROW_MODELS, dossier_snapshot, group_related_name
from core.models import (
    ChangeSet,
    Degree,
    Dossier,
    DossierVersion,
    Evaluation,
    FamilyMember,
    Gender,
    OrgUnit,
    OrgUnitKind,
    Person,
    PersonCategory,
    Placement,
    SalaryHistory,
    WorkHistory,
)
from core.services.change_sets import change_set_create, change_set_submit, change_set_values_set

BATCH = 2_000
# Generated ID numbers' serials start here: the personas' are 001231–001238.
SERIAL_FROM = 100_000
GENERATED_ID = r"^\d{6}[1-9]\d{5}$"
SEED = 2026
# Common middle names, as records write them ("Nguyễn Văn Minh", "Trần Thị Mai").
MIDDLE_NAMES_MALE = ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Thế", "Ngọc", "Tiến")
MIDDLE_NAMES_FEMALE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Phương", "Thùy", "Hồng")
# Share of the people by kind of unit (the rest of a province's staff is in its agencies).
WEIGHTS = {OrgUnitKind.PUBLIC_SERVICE_UNIT: 6, OrgUnitKind.DEPARTMENT: 2, OrgUnitKind.COMMUNE: 2,
           OrgUnitKind.AGENCY: 1}
CIVIL_RANKS = ("01.003", "01.003", "01.003", "01.002", "01.004", "06.031", "02.007")
TEACHER_TITLES = ("V.07.05.15", "V.07.05.15", "V.07.05.14", "V.07.05.13")
DOCTOR_TITLES = ("V.08.01.03", "V.08.01.03", "V.08.01.02", "V.08.01.01")
# (level code, share in thousandths) of the highest degree; fields of study by kind of work.
DEGREE_LEVELS = (("CD", 60), ("DH", 690), ("THS", 220), ("TS", 30))
FIELDS = {
    "teacher": ("Sư phạm Toán học", "Sư phạm Ngữ văn", "Sư phạm Tiếng Anh", "Sư phạm Vật lý", "Sư phạm Hóa học"),
    "doctor": ("Y đa khoa", "Điều dưỡng", "Y học dự phòng", "Dược học"),
    "civil": ("Luật", "Kinh tế", "Quản lý nhà nước", "Tài chính - Ngân hàng", "Kế toán", "Công nghệ thông tin"),
}
INSTITUTIONS = ("Trường Đại học Sư phạm Hà Nội", "Trường Đại học Y Hà Nội", "Học viện Hành chính Quốc gia",
                "Trường Đại học Kinh tế Quốc dân", "Học viện Tài chính", "Trường Đại học Luật Hà Nội",
                "Trường Đại học Thái Nguyên", "Trường Đại học Tây Bắc")
FAMILY_OCCUPATIONS = ("Làm ruộng", "Hưu trí", "Giáo viên", "Công nhân", "Kinh doanh", "Nội trợ", "Viên chức")
RELIGIONS = ("00",) * 18 + ("01", "02")


@dataclass(frozen=True)
class Scale:
    first: Decimal
    increment: Decimal
    steps: int
    interval_months: int


@dataclass(frozen=True)
class Catalogues:
    """What the generator reads from the national catalogues, once."""

    salary_group: dict[str, str]  # rank or professional title code → salary scale code
    scales: dict[str, Scale]
    levels: dict[str, str]  # education level code → name
    ethnic_groups: list[str]


def catalogues_read() -> Catalogues:
    groups = {code: group for model in (Rank, ProfessionalTitle)
              for code, group in model.objects.values_list("code", "salary_group")}
    scales = {s.code: Scale(s.first_coefficient, s.step_increment, s.steps, s.step_interval_months)
              for s in SalaryScale.objects.all()}
    return Catalogues(salary_group=groups, scales=scales,
                      levels=dict(EducationLevel.objects.values_list("code", "name")),
                      ethnic_groups=sorted(EthnicGroup.objects.values_list("code", flat=True)))


@dataclass
class Made:
    """One generated person's rows, before insert (the person's key is filled in afterwards)."""

    person: Person
    dossier: Dossier
    rows: list[object]


def demo_population_add(*, id_prefix: str, people: int, today: date, seed: int | None = None) -> int:
    """Add `people` generated people to the current province, whose tree must exist (the demo
    calls it once, when it builds the province); returns how many were added."""
    if people <= 0:
        return 0
    from faker import Faker

    faker = Faker("vi_VN")
    seed = SEED + int(id_prefix) if seed is None else seed  # each province its own people
    faker.seed_instance(seed)
    rng = random.Random(seed)
    catalogues = catalogues_read()
    units = _units_weighted()
    made = 0
    for start in range(0, people, BATCH):
        batch = [_person_make(faker, rng, catalogues, units, id_prefix=id_prefix, serial=SERIAL_FROM + i,
                              today=today)
                 for i in range(start, min(people, start + BATCH))]
        with transaction.atomic():
            _insert(batch)
        made += len(batch)
    return made


def demo_change_sets_open(*, acting_user: Account, count: int, today: date, outside: OrgUnit) -> list[ChangeSet]:
    """Change sets waiting in the province, through the services: a new phone number (which
    needs no proving document) for `count` generated people outside `outside` (whose persona
    journeys keep their own queue), each changed a few days apart; two in three are sent for
    review, the rest stay drafts. Their duties (update, review) follow the province's rules,
    some already late."""
    people = (Person.objects.filter(national_id__regex=GENERATED_ID).exclude(org_unit__path__startswith=outside.path)
              .order_by("national_id")[:count])
    opened = []
    for i, person in enumerate(people):
        change_set = change_set_create(acting_user=acting_user, person=person, changed_on=today - timedelta(days=3 * i + 1))
        change_set_values_set(acting_user=acting_user, change_set=change_set, expected_version=change_set.version,
                              group="dossier", values={"phone": f"0912{person.pk % 1_000_000:06d}"})
        if i % 3:
            change_set_submit(acting_user=acting_user, change_set=change_set, expected_version=change_set.version)
        opened.append(change_set)
    return opened


def demo_writes_flush() -> None:
    """A CHECKPOINT after the generated provinces are written, so that the database stopping
    later (Ctrl-C on `make run`, which stops its embedded PostgreSQL) has little left to write.
    Only a superuser may ask for one; anyone else's server keeps its own schedule."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass


def _units_weighted() -> list[OrgUnit]:
    """Every open unit below the province's root, repeated by its kind's weight."""
    units = OrgUnit.objects.filter(parent__isnull=False, dissolved_on__isnull=True).order_by("path")
    return [unit for unit in units for _ in range(WEIGHTS.get(OrgUnitKind(unit.kind), 1))]


def _person_make(faker, rng: random.Random, catalogues: Catalogues, units: list[OrgUnit], *,  # type: ignore[no-untyped-def]
                 id_prefix: str, serial: int, today: date) -> Made:
    unit = rng.choice(units)
    work, category, code = _work_of(unit, rng)
    gender = Gender.FEMALE if rng.random() < (0.7 if work == "teacher" else 0.45) else Gender.MALE
    full_name = _full_name(faker, gender)
    birth = date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
    century_sex = (birth.year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
    national_id = f"{id_prefix}{century_sex}{birth.year % 100:02d}{serial:06d}"
    recruited = date(min(birth.year + rng.randint(22, 30), today.year - 1), rng.choice((3, 6, 9, 12)), 1)
    level = _weighted(rng, DEGREE_LEVELS)
    field = rng.choice(FIELDS[work])
    scale_code = catalogues.salary_group.get(code) or "A1"
    scale = catalogues.scales.get(scale_code) or catalogues.scales["A1"]
    months = (today.year - recruited.year) * 12 + today.month - recruited.month
    step = min(scale.steps, 1 + months // scale.interval_months)
    person = Person(national_id=national_id, full_name=full_name, search_name=search_normalise(full_name),
                    gender=gender, birth_date=birth, birth_year=birth.year, birth_month=birth.month,
                    category=category, org_unit=unit)
    is_rank = category != PersonCategory.VIEN_CHUC
    dossier = Dossier(
        person=person, ethnic_group_code=_ethnic(rng, catalogues), religion_code=rng.choice(RELIGIONS),
        phone=f"09{rng.randint(10_000_000, 99_999_999)}", current_position=_position(work, category),
        rank_code=code if is_rank else "", professional_title_code="" if is_rank else code,
        rank_appointed_on=recruited, first_recruited_on=recruited, joined_current_agency_on=recruited,
        salary_scale_code=scale_code, salary_step=step,
        salary_coefficient=scale.first + scale.increment * (step - 1),
        salary_effective_on=_months_after(recruited, (step - 1) * scale.interval_months),
        highest_qualification=catalogues.levels.get(level, "Đại học"), general_education="12/12",
    )
    rows: list[object] = [
        Placement(person=person, org_unit=unit, start=recruited, position=dossier.current_position, reason="Tuyển dụng"),
        Degree(person=person, level_code=level, field=field, institution=rng.choice(INSTITUTIONS),
               mode="Chính quy", year=recruited.year - 1),
        WorkHistory(person=person, start=recruited, unit_name=unit.name, position=dossier.current_position),
        Evaluation(person=person, year=today.year - 1,
                   grade=rng.choice((Evaluation.Grade.GOOD,) * 6 + (Evaluation.Grade.EXCELLENT,) * 2)),
    ]
    rows += [SalaryHistory(person=person, effective_on=_months_after(recruited, (s - 1) * scale.interval_months),
                           rank_code=code, step=s, coefficient=scale.first + scale.increment * (s - 1))
             for s in range(max(1, step - 2), step + 1)]
    rows += _family(faker, rng, person, birth.year)
    return Made(person=person, dossier=dossier, rows=rows)


def _work_of(unit: OrgUnit, rng: random.Random) -> tuple[str, str, str]:
    """(kind of work, category, rank or professional title code) of someone in `unit`."""
    name = unit.name.lower()
    if unit.kind == OrgUnitKind.COMMUNE:
        return "civil", PersonCategory.COMMUNE_OFFICIAL, rng.choice(("01.003", "01.004"))
    if unit.kind == OrgUnitKind.PUBLIC_SERVICE_UNIT or unit.kind == OrgUnitKind.DEPARTMENT and "khoa" in name:
        if "trường" in name:
            return "teacher", PersonCategory.VIEN_CHUC, rng.choice(TEACHER_TITLES)
        return "doctor", PersonCategory.VIEN_CHUC, rng.choice(DOCTOR_TITLES)
    return "civil", PersonCategory.CONG_CHUC, rng.choice(CIVIL_RANKS)


def _position(work: str, category: str) -> str:
    if work == "teacher":
        return "Giáo viên"
    if work == "doctor":
        return "Bác sĩ"
    return "Công chức" if category == PersonCategory.COMMUNE_OFFICIAL else "Chuyên viên"


def _ethnic(rng: random.Random, catalogues: Catalogues) -> str:
    """Kinh for most; otherwise one of the groups of the northern mountains (Tày, Thái, Mường,
    Nùng, H'Mông, Dao) when the catalogue has them."""
    if rng.random() < 0.6 or not catalogues.ethnic_groups:
        return "01"
    local = [code for code in ("02", "03", "06", "07", "08", "09") if code in catalogues.ethnic_groups]
    return rng.choice(local or catalogues.ethnic_groups)


def _full_name(faker, gender: str, family: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Family name, middle name, given name: the order of a Vietnamese record. Faker's vi_VN
    names put the given name first and add honorifics ("Quý ông Châu Bùi"); only its lists of
    family and given names are used."""
    family = family or faker.last_name()
    if gender == Gender.FEMALE:
        return f"{family} {faker.random_element(MIDDLE_NAMES_FEMALE)} {faker.first_name_female()}"
    return f"{family} {faker.random_element(MIDDLE_NAMES_MALE)} {faker.first_name_male()}"


def _family(faker, rng: random.Random, person: Person, born: int) -> list[FamilyMember]:  # type: ignore[no-untyped-def]
    surname = person.full_name.split()[0]
    members = [
        FamilyMember(person=person, side=FamilyMember.Side.OWN, relation="Bố",
                     full_name=_full_name(faker, Gender.MALE, family=surname), birth_year=born - rng.randint(22, 35),
                     occupation=rng.choice(FAMILY_OCCUPATIONS)),
        FamilyMember(person=person, side=FamilyMember.Side.OWN, relation="Mẹ", full_name=_full_name(faker, Gender.FEMALE),
                     birth_year=born - rng.randint(20, 32), occupation=rng.choice(FAMILY_OCCUPATIONS)),
    ]
    if born < 1995:
        spouse = "Chồng" if person.gender == Gender.FEMALE else "Vợ"
        spouse_gender = Gender.MALE if person.gender == Gender.FEMALE else Gender.FEMALE
        members.append(FamilyMember(person=person, side=FamilyMember.Side.OWN, relation=spouse,
                                    full_name=_full_name(faker, spouse_gender),
                                    birth_year=born + rng.randint(-4, 4), occupation=rng.choice(FAMILY_OCCUPATIONS)))
        child_gender = Gender.FEMALE if faker.boolean() else Gender.MALE
        members.append(FamilyMember(person=person, side=FamilyMember.Side.OWN, relation="Con",
                                    full_name=_full_name(faker, child_gender, family=surname),
                                    birth_year=born + rng.randint(24, 32), occupation="Học sinh"))
    return members


def _insert(batch: list[Made]) -> None:
    """The batch's people, then what hangs on them, one insert per table; then each dossier's
    first version, from the rows just written (nothing read back)."""
    people = Person.objects.bulk_create([m.person for m in batch])
    for made, person in zip(batch, people, strict=True):
        made.dossier.person = person
        for row in made.rows:
            row.person = person  # type: ignore[attr-defined]
    Dossier.objects.bulk_create([m.dossier for m in batch])
    by_model: dict[type, list[object]] = {}
    for made in batch:
        for row in made.rows:
            by_model.setdefault(type(row), []).append(row)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)  # type: ignore[attr-defined]
    DossierVersion.objects.bulk_create([
        DossierVersion(person=made.person, number=made.person.version, snapshot=_snapshot(made)) for made in batch
    ])


def _snapshot(made: Made) -> dict:
    """dossier_snapshot of a person just written, its dossier and rows given as prefetched
    (the same cache Django's prefetch_related fills), so the version is the one read back."""
    person = made.person
    person._state.fields_cache["dossier"] = made.dossier
    cache = {}
    for group, model in DOSSIER_ROW_MODELS.items():
        rows = model._default_manager.all()
        rows._result_cache = [row for row in made.rows if type(row) is model]
        rows._prefetch_done = True  # type: ignore[attr-defined]
        cache[group_related_name(group)] = rows
    person._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    return dossier_snapshot(person)


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    codes, weights = zip(*choices, strict=True)
    return rng.choices(codes, weights=weights)[0]


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))
