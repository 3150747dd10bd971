"""Demo data for one province: a realistic organisation tree and a person everyone knows
per role (the personas tests and demos sign in as).

Built with bulk inserts (the test session builds five provinces at start) and idempotent:
a second run only describes the sign-ins. The first run also opens a few duties through the
services, some already late (core.transfers.demo), for the DoHA's compliance table.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.base.text import search_normalise
from core.dossier_values import dossier_prefetch, dossier_snapshot
from core.models import (
    Dossier,
    DossierVersion,
    Evaluation,
    Gender,
    OrgChange,
    OrgUnit,
    OrgUnitKind,
    OrgUnitVersion,
    Person,
    PersonCategory,
    Placement,
    Role,
    RoleGrant,
    WorkHistory,
)
from core.operations.demo.population import demo_change_sets_open, demo_population_add
from core.operations.demo.reforms import demo_reforms_record
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from core.services.org_units import org_unit_merge, org_unit_root
from core.transfers.demo import DemoDutyPeople, demo_duties_open
from tenants.models import Province

AGENCIES_FROM = date(2008, 4, 1)
# Sở Thông tin và Truyền thông merged into Sở Khoa học và Công nghệ (operating from 1/3/2025).
TECH_MERGER_ON = date(2025, 3, 1)
TECH_MERGER_DECISION = "Nghị quyết của HĐND tỉnh về thành lập các cơ quan chuyên môn (2025)"
# The demo DoHA admin is not the Director of the DoHA: where the province's text has the Director
# sign the province's month (Sơn La Art. 7, Bình Thuận Art. 7.2), they sign on the Director's
# written authorisation, recorded on their grant as any province would record it.
# The technical agency's account (Sở Khoa học và Công nghệ, which took over Sở Thông tin và
# Truyền thông in 2025): backups, checks, sync health and maintenance, no dossier.
TECH_AGENCY_USERNAME = "cqkt.kythuat"
TECH_AGENCY_NAME = "Cơ quan kỹ thuật (Sở Khoa học và Công nghệ)"
DOHA_AUTHORISATION = "15/GUQ-SNV"
DOHA_AUTHORISATION_ON = date(2025, 7, 1)
# Change sets waiting (drafts and sent for review) in a province built with generated people.
PENDING_CHANGE_SETS = 12


@dataclass(frozen=True)
class DemoUnit:
    key: str
    parent: str | None  # None: the province's root
    kind: str
    name: str
    code: str  # LLL.KK.JJ without the province's level-1 code


@dataclass(frozen=True)
class DemoPersona:
    """A person holding one role; the name, sex and birth year come from each province's data."""

    role: str
    label: str
    unit: str
    category: str
    position: str
    rank_code: str = ""
    professional_title_code: str = ""


@dataclass(frozen=True)
class DemoProvinceData:
    id_prefix: str  # the legacy province code that opens its people's ID numbers
    schools: tuple[str, str, str]
    communes: tuple[str, ...]
    names: tuple[tuple[str, str, int, str], ...]  # (full name, gender, birth year, ethnic group code)


M, F = Gender.MALE, Gender.FEMALE

PROVINCE_DATA = {
    "lao-cai": DemoProvinceData(
        "010",
        ("Trường THPT Chuyên Lào Cai", "Trường THPT số 1 Lào Cai", "Trường PT Dân tộc nội trú THPT tỉnh Lào Cai"),
        ("Phường Lào Cai", "Phường Cam Đường", "Phường Sa Pa", "Phường Yên Bái", "Xã Bát Xát", "Xã Bắc Hà"),
        (("Nguyễn Thị Hồng Nhung", F, 1984, "01"), ("Lý Văn Sơn", M, 1982, "09"),
         ("Trần Thị Thu Hà", F, 1988, "01"), ("Hoàng Văn Tuấn", M, 1972, "02"),
         ("Phạm Minh Đức", M, 1990, "01"), ("Vàng Thị Mai", F, 1993, "08"),
         ("Lò Văn Hùng", M, 1987, "03"), ("Đoàn Văn Khoa", M, 1986, "01")),
    ),
    "lai-chau": DemoProvinceData(
        "012",
        ("Trường THPT Chuyên Lê Quý Đôn", "Trường THPT Thành phố Lai Châu", "Trường PT Dân tộc nội trú tỉnh Lai Châu"),
        ("Phường Tân Phong", "Phường Đoàn Kết", "Xã Tam Đường", "Xã Phong Thổ", "Xã Sìn Hồ", "Xã Than Uyên"),
        (("Đỗ Thị Lan", F, 1985, "01"), ("Giàng A Páo", M, 1983, "08"),
         ("Nguyễn Thu Trang", F, 1989, "01"), ("Lê Văn Quang", M, 1970, "01"),
         ("Bùi Đức Anh", M, 1991, "01"), ("Tao Thị Hương", F, 1994, "03"),
         ("Lò Văn Thanh", M, 1986, "03"), ("Chu Văn Nam", M, 1987, "01")),
    ),
    "son-la": DemoProvinceData(
        "014",
        ("Trường THPT Chuyên Sơn La", "Trường THPT Tô Hiệu", "Trường PT Dân tộc nội trú tỉnh Sơn La"),
        ("Phường Tô Hiệu", "Phường Chiềng An", "Phường Chiềng Sinh", "Phường Mộc Châu", "Xã Mai Sơn", "Xã Thuận Châu"),
        (("Cầm Thị Hoa", F, 1984, "03"), ("Lường Văn Minh", M, 1981, "03"),
         ("Nguyễn Thị Ngọc Anh", F, 1990, "01"), ("Quàng Văn Bình", M, 1969, "03"),
         ("Đinh Quang Huy", M, 1992, "06"), ("Hà Thị Thu", F, 1995, "03"),
         ("Lò Văn Dũng", M, 1986, "03"), ("Trịnh Văn Toàn", M, 1985, "01")),
    ),
    "tuyen-quang": DemoProvinceData(
        "008",
        ("Trường THPT Chuyên Tuyên Quang", "Trường THPT Tân Trào", "Trường PT Dân tộc nội trú THPT tỉnh Tuyên Quang"),
        ("Phường Minh Xuân", "Phường Nông Tiến", "Phường Hà Giang 1", "Xã Sơn Dương", "Xã Chiêm Hóa", "Xã Đồng Văn"),
        (("Ma Thị Thanh", F, 1983, "02"), ("Nông Văn Hải", M, 1980, "02"),
         ("Phạm Thị Lệ", F, 1987, "01"), ("Đặng Văn Thắng", M, 1971, "09"),
         ("Nguyễn Văn Khánh", M, 1990, "01"), ("Hà Thị Phương", F, 1996, "02"),
         ("Triệu Văn Lâm", M, 1985, "09"), ("Hoàng Minh Tiến", M, 1988, "02")),
    ),
    "binh-thuan": DemoProvinceData(
        "060",
        ("Trường THPT Chuyên Trần Hưng Đạo", "Trường THPT Phan Bội Châu", "Trường PT Dân tộc nội trú tỉnh Bình Thuận"),
        ("Phường Phan Thiết", "Phường Mũi Né", "Phường Phú Thủy", "Phường La Gi", "Xã Tuy Phong", "Xã Bắc Bình"),
        (("Huỳnh Thị Kim Loan", F, 1985, "01"), ("Nguyễn Hữu Phước", M, 1982, "01"),
         ("Lê Thị Mỹ Duyên", F, 1989, "01"), ("Trương Văn Tài", M, 1970, "01"),
         ("Võ Minh Tâm", M, 1991, "01"), ("Đặng Thị Ngọc Hân", F, 1994, "17"),
         ("Phan Văn Lộc", M, 1986, "01"), ("Lương Thanh Sơn", M, 1987, "01")),
    ),
}

# One persona per role (plus a colleague in another agency, a commune official, and someone
# whose agency was merged in 2025). Names come from PROVINCE_DATA in this order.
PERSONAS = (
    DemoPersona(Role.AGENCY_ADMIN, "Quản trị cơ quan", "sgd", PersonCategory.CONG_CHUC,
                "Chánh Văn phòng Sở", rank_code="01.002"),
    DemoPersona(Role.SUBUNIT_ADMIN, "Quản trị đơn vị trực thuộc", "hospital",
                PersonCategory.VIEN_CHUC, "Trưởng phòng Tổ chức cán bộ", professional_title_code="V.08.01.02"),
    DemoPersona(Role.UNIT_OFFICER, "Cán bộ kiểm tra hồ sơ", "stc_vp", PersonCategory.CONG_CHUC,
                "Chuyên viên Văn phòng Sở", rank_code="01.003"),
    DemoPersona(Role.APPROVER, "Thủ trưởng phê duyệt", "stc", PersonCategory.CONG_CHUC,
                "Giám đốc Sở", rank_code="01.002"),
    DemoPersona(Role.EMPLOYEE, "Cá nhân", "stc_ns", PersonCategory.CONG_CHUC,
                "Chuyên viên", rank_code="01.003"),
    DemoPersona(Role.EMPLOYEE, "Cá nhân", "school1", PersonCategory.VIEN_CHUC,
                "Giáo viên", professional_title_code="V.07.05.14"),
    DemoPersona(Role.EMPLOYEE, "Cá nhân", "commune1", PersonCategory.COMMUNE_OFFICIAL,
                "Công chức Văn phòng - Thống kê", rank_code="01.003"),
    DemoPersona(Role.EMPLOYEE, "Cá nhân", "sttt", PersonCategory.CONG_CHUC,
                "Chuyên viên", rank_code="01.003"),
)


def demo_units(province: Province) -> list[DemoUnit]:
    data = PROVINCE_DATA[province.code]
    name = province.name
    units = [
        DemoUnit("vp_ubnd", None, OrgUnitKind.AGENCY, "Văn phòng UBND tỉnh", "000.00.01"),
        DemoUnit("snv", None, OrgUnitKind.AGENCY, "Sở Nội vụ", "000.00.02"),
        DemoUnit("snv_vp", "snv", OrgUnitKind.DEPARTMENT, "Văn phòng Sở", "000.01.02"),
        DemoUnit("snv_ccvc", "snv", OrgUnitKind.DEPARTMENT, "Phòng Công chức, viên chức", "000.02.02"),
        DemoUnit("stc", None, OrgUnitKind.AGENCY, "Sở Tài chính", "000.00.03"),
        DemoUnit("stc_vp", "stc", OrgUnitKind.DEPARTMENT, "Văn phòng Sở", "000.01.03"),
        DemoUnit("stc_ns", "stc", OrgUnitKind.DEPARTMENT, "Phòng Quản lý ngân sách", "000.02.03"),
        DemoUnit("stc_gcs", "stc", OrgUnitKind.DEPARTMENT, "Phòng Quản lý giá và công sản", "000.03.03"),
        DemoUnit("sgd", None, OrgUnitKind.AGENCY, "Sở Giáo dục và Đào tạo", "000.00.04"),
        DemoUnit("sgd_vp", "sgd", OrgUnitKind.DEPARTMENT, "Văn phòng Sở", "000.01.04"),
        DemoUnit("school1", "sgd", OrgUnitKind.PUBLIC_SERVICE_UNIT, data.schools[0], "000.02.04"),
        DemoUnit("school2", "sgd", OrgUnitKind.PUBLIC_SERVICE_UNIT, data.schools[1], "000.03.04"),
        DemoUnit("school3", "sgd", OrgUnitKind.PUBLIC_SERVICE_UNIT, data.schools[2], "000.04.04"),
        DemoUnit("syt", None, OrgUnitKind.AGENCY, "Sở Y tế", "000.00.05"),
        DemoUnit("hospital", "syt", OrgUnitKind.PUBLIC_SERVICE_UNIT, f"Bệnh viện Đa khoa tỉnh {name}", "000.01.05"),
        DemoUnit("hospital_noi", "hospital", OrgUnitKind.DEPARTMENT, "Khoa Nội tổng hợp", "001.01.05"),
        DemoUnit("hospital_ngoai", "hospital", OrgUnitKind.DEPARTMENT, "Khoa Ngoại tổng hợp", "002.01.05"),
        DemoUnit("cdc", "syt", OrgUnitKind.PUBLIC_SERVICE_UNIT, f"Trung tâm Kiểm soát bệnh tật tỉnh {name}", "000.02.05"),
        DemoUnit("skhcn", None, OrgUnitKind.AGENCY, "Sở Khoa học và Công nghệ", "000.00.06"),
        DemoUnit("stp", None, OrgUnitKind.AGENCY, "Sở Tư pháp", "000.00.07"),
        DemoUnit("sxd", None, OrgUnitKind.AGENCY, "Sở Xây dựng", "000.00.08"),
        DemoUnit("snnmt", None, OrgUnitKind.AGENCY, "Sở Nông nghiệp và Môi trường", "000.00.09"),
        DemoUnit("sct", None, OrgUnitKind.AGENCY, "Sở Công Thương", "000.00.10"),
        DemoUnit("svh", None, OrgUnitKind.AGENCY, "Sở Văn hóa, Thể thao và Du lịch", "000.00.11"),
        DemoUnit("ttt", None, OrgUnitKind.AGENCY, "Thanh tra tỉnh", "000.00.12"),
        DemoUnit("sttt", None, OrgUnitKind.AGENCY, "Sở Thông tin và Truyền thông", "000.00.13"),
    ]
    units += [
        DemoUnit(f"commune{i}", None, OrgUnitKind.COMMUNE, f"UBND {commune[0].lower()}{commune[1:]}", f"000.00.{30 + i}")
        for i, commune in enumerate(data.communes, start=1)
    ]
    return units


def demo_national_id(province: Province, index: int) -> str:
    """The ID number of persona `index`: province, century and sex, birth year, serial."""
    data = PROVINCE_DATA[province.code]
    _, gender, year, _ = data.names[index]
    century_sex = (year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
    return f"{data.id_prefix}{century_sex}{year % 100:02d}{1231 + index:06d}"


def demo_persona_id(province: Province, role: str, unit: str | None = None) -> str:
    """The ID number (sign-in) of the first persona with `role` (and, if given, unit key)."""
    for index, persona in enumerate(PERSONAS):
        if persona.role == role and (unit is None or persona.unit == unit):
            return demo_national_id(province, index)
    raise KeyError(role)


def demo_populate(province: Province, *, people: int = 0) -> list[str]:
    """Build the province's demo tree and personas once (with `people` more generated people
    across the tree, core.operations.demo.population), and describe their sign-ins."""
    with tenant_context(province), transaction.atomic():
        admin = Account.objects.get(username=DOHA_ADMIN_USERNAME)
        if admin.must_change_password and not admin.password_changed_at:
            admin.set_password(DEMO_PASSWORD)
            admin.must_change_password = False
            admin.save(update_fields=["password", "must_change_password"])
        if province.code in PROVINCE_DATA and not Person.objects.exists():
            units = _tree_build(province, admin)
            _personas_build(province, units)
            _doha_authorisation_record(admin)
            _tech_agency_account_build(admin)
            org_unit_merge(acting_user=admin, sources=[units["sttt"]], target=units["skhcn"],
                           on=TECH_MERGER_ON, decision=TECH_MERGER_DECISION)
            demo_reforms_record(province_code=province.code, admin=admin, units=units)
            if demo_population_add(id_prefix=PROVINCE_DATA[province.code].id_prefix, people=people,
                                   today=timezone.localdate()):
                demo_change_sets_open(acting_user=admin, count=PENDING_CHANGE_SETS, today=timezone.localdate(),
                                      outside=units["stc"])
            _duties_open(province, admin, units)
        tech = ([f"Cơ quan kỹ thuật: {TECH_AGENCY_USERNAME}"]
                if Account.objects.filter(username=TECH_AGENCY_USERNAME).exists() else [])
        return [f"Quản trị Sở Nội vụ: {DOHA_ADMIN_USERNAME}", *tech, *_persona_lines(province)]


def _doha_authorisation_record(admin: Account) -> None:
    RoleGrant.objects.filter(account=admin, role=Role.DOHA_ADMIN, revoked_at__isnull=True).update(
        authorisation=DOHA_AUTHORISATION, authorisation_date=DOHA_AUTHORISATION_ON)


def _tech_agency_account_build(admin: Account) -> None:
    """An account that is no person's: the tech agency's role over the whole province."""
    account = Account.objects.create(username=TECH_AGENCY_USERNAME, password=make_password(DEMO_PASSWORD),
                                     full_name=TECH_AGENCY_NAME)
    RoleGrant.objects.create(account=account, role=Role.TECH_AGENCY, org_unit=org_unit_root(), granted_by=admin)


def _tree_build(province: Province, admin: Account) -> dict[str, OrgUnit]:
    root = org_unit_root()
    level1 = root.electronic_code[-3:]
    specs = demo_units(province)
    units: dict[str, OrgUnit] = {}
    pending = specs
    while pending:  # one insert per depth: parents exist before their children
        ready = [s for s in pending if s.parent is None or s.parent in units]
        made = OrgUnit.objects.bulk_create([
            OrgUnit(kind=s.kind, name=s.name, electronic_code=f"{s.code}.{level1}",
                    parent=units[s.parent] if s.parent else root, path="",
                    established_on=AGENCIES_FROM)
            for s in ready
        ])
        for spec, unit in zip(ready, made, strict=True):
            parent = unit.parent
            assert parent is not None
            unit.path, unit.depth = f"{parent.path}{unit.pk}/", parent.depth + 1
            units[spec.key] = unit
        pending = [s for s in pending if s.key not in units]
    OrgUnit.objects.bulk_update(units.values(), ["path", "depth"])
    OrgUnitVersion.objects.bulk_create([
        OrgUnitVersion(org_unit=u, name=u.name, electronic_code=u.electronic_code, parent=u.parent,
                       valid_from=AGENCIES_FROM, change=OrgChange.CREATE, recorded_by=admin)
        for u in units.values()
    ])
    return units


def _personas_build(province: Province, units: dict[str, OrgUnit]) -> None:
    data = PROVINCE_DATA[province.code]
    password = make_password(DEMO_PASSWORD)  # hashed once: the personas share it
    ids = [demo_national_id(province, i) for i in range(len(PERSONAS))]
    accounts = Account.objects.bulk_create([
        Account(username=national_id, password=password, full_name=data.names[i][0])
        for i, national_id in enumerate(ids)
    ])
    people = Person.objects.bulk_create([
        Person(national_id=ids[i], account=accounts[i], full_name=full_name,
               search_name=search_normalise(full_name), gender=gender, birth_year=year,
               birth_date=date(year, 1 + i, 10 + i), birth_month=1 + i, category=persona.category,
               org_unit=units[persona.unit])
        for i, (persona, (full_name, gender, year, _)) in enumerate(zip(PERSONAS, data.names, strict=True))
    ])
    Dossier.objects.bulk_create([
        Dossier(person=person, ethnic_group_code=data.names[i][3], religion_code="00",
                current_position=persona.position, rank_code=persona.rank_code,
                professional_title_code=persona.professional_title_code,
                first_recruited_on=date(person.birth_year + 24, 9, 1),
                highest_qualification="Đại học", general_education="12/12")
        for i, (persona, person) in enumerate(zip(PERSONAS, people, strict=True))
    ])
    Placement.objects.bulk_create([
        Placement(person=person, org_unit=units[persona.unit], start=date(person.birth_year + 24, 9, 1),
                  position=persona.position, reason="Tuyển dụng")
        for persona, person in zip(PERSONAS, people, strict=True)
    ])
    WorkHistory.objects.bulk_create([
        WorkHistory(person=person, start=date(person.birth_year + 24, 9, 1),
                    unit_name=f"{units[persona.unit].name}, {province.official_name}", position=persona.position)
        for persona, person in zip(PERSONAS, people, strict=True)
    ])
    Evaluation.objects.bulk_create([
        Evaluation(person=person, year=2024, grade=Evaluation.Grade.GOOD) for person in people
    ])
    RoleGrant.objects.bulk_create([
        # The demo approver is the head of Sở Tài chính ("Thủ trưởng phê duyệt").
        RoleGrant(account=accounts[i], role=persona.role, org_unit=_grant_unit(persona, units),
                  is_head=persona.role == Role.APPROVER)
        for i, persona in enumerate(PERSONAS) if persona.role != Role.EMPLOYEE
    ])
    fresh = Person.objects.filter(pk__in=[p.pk for p in people]).select_related("dossier").prefetch_related(
        *dossier_prefetch())
    DossierVersion.objects.bulk_create([
        DossierVersion(person=person, number=person.version, snapshot=dossier_snapshot(person)) for person in fresh
    ])


def _duties_open(province: Province, admin: Account, units: dict[str, OrgUnit]) -> None:
    """Open duties, some already late today, through the services (core.transfers.demo)."""
    by_id = {p.national_id: p for p in Person.objects.filter(national_id__in=[
        demo_persona_id(province, Role.EMPLOYEE, "sttt"), demo_persona_id(province, Role.EMPLOYEE, "commune1")])}
    people = DemoDutyPeople(doha=admin, merged=by_id[demo_persona_id(province, Role.EMPLOYEE, "sttt")],
                            commune_official=by_id[demo_persona_id(province, Role.EMPLOYEE, "commune1")],
                            move_to=units["stp"])
    demo_duties_open(province_code=province.code, people=people)


def _grant_unit(persona: DemoPersona, units: dict[str, OrgUnit]) -> OrgUnit:
    """A role covers the persona's agency (the unit officer of Sở Tài chính works in its office)."""
    unit = units[persona.unit]
    return unit.parent if unit.kind == OrgUnitKind.DEPARTMENT and unit.parent else unit


def _persona_lines(province: Province) -> list[str]:
    ids = [demo_national_id(province, i) for i in range(len(PERSONAS))] if province.code in PROVINCE_DATA else []
    people = Person.objects.filter(national_id__in=ids).select_related("org_unit__parent")
    by_id = {p.national_id: p for p in people}
    lines = []
    for i, persona in enumerate(PERSONAS[: len(ids)]):
        person = by_id.get(ids[i])
        if person is not None:
            unit = person.org_unit
            where = f"{unit.name}, {unit.parent.name}" if unit.kind == OrgUnitKind.DEPARTMENT and unit.parent else unit.name
            lines.append(f"{persona.label} ({where}): {person.national_id} – {person.full_name}")
    return lines
