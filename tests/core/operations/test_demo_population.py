"""The demo province's generated people: spread over the tree by kind of unit, every coded value
from the national catalogues, dossiers that agree with themselves, inserted in batches, and the
personas left exactly as they were."""

import json
from collections import Counter
from datetime import date

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.catalogues.models import EducationLevel, EthnicGroup, ProfessionalTitle, Rank, SalaryScale
from core.dossier_values import dossier_prefetch, dossier_snapshot
from core.models import (
    ChangeSet,
    ChangeSetState,
    Degree,
    DossierVersion,
    FamilyMember,
    Gender,
    Obligation,
    ObligationKind,
    ObligationState,
    OrgUnit,
    OrgUnitKind,
    Person,
    PersonCategory,
    Placement,
    RoleGrant,
    SalaryHistory,
    WorkHistory,
)
from core.operations.demo.data import PERSONAS, PROVINCE_DATA, demo_national_id
from core.operations.demo.population import (
    MIDDLE_NAMES_FEMALE,
    MIDDLE_NAMES_MALE,
    demo_change_sets_open,
    demo_population_add,
)
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from core.validators import national_id_errors
from tenants.models import Province

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
PEOPLE = 400


@pytest.fixture
def generated(lao_cai: Province) -> Province:
    with tenant_context(lao_cai):
        assert demo_population_add(id_prefix=PROVINCE_DATA["lao-cai"].id_prefix, people=PEOPLE, today=TODAY) == PEOPLE
    return lao_cai


def test_the_people_spread_over_the_tree_by_kind_of_unit(generated: Province) -> None:
    """Teachers in the schools, doctors in the hospital, officials in the communes, civil
    servants in the agencies; no one in the root or a dissolved agency."""
    with tenant_context(generated):
        people = Person.objects.exclude(national_id__in=_persona_ids(generated)).select_related("org_unit", "dossier")
        assert len(people) == PEOPLE
        by_kind = Counter((p.org_unit.kind, p.category) for p in people)
        assert by_kind[(OrgUnitKind.PUBLIC_SERVICE_UNIT, PersonCategory.VIEN_CHUC)] > PEOPLE // 4
        assert by_kind[(OrgUnitKind.COMMUNE, PersonCategory.COMMUNE_OFFICIAL)] > 0
        assert by_kind[(OrgUnitKind.AGENCY, PersonCategory.CONG_CHUC)] > 0
        assert all(p.org_unit.parent_id is not None and p.org_unit.dissolved_on is None for p in people)
        teachers = [p for p in people if "Trường" in p.org_unit.name]
        assert teachers and all(p.dossier.professional_title_code.startswith("V.07.") for p in teachers)
        assert len({p.org_unit_id for p in people}) >= 25


def test_names_are_written_as_vietnamese_records_write_them(generated: Province) -> None:
    """Family name, middle name, given name, without honorifics: "Trần Thị Mai", never "Quý ông
    Châu Bùi"; a woman's middle name a woman's; the father and the child with the person's family
    name."""
    from faker.providers.person.vi_VN import Provider

    families = set(Provider.last_names)
    middle = {Gender.MALE: set(MIDDLE_NAMES_MALE), Gender.FEMALE: set(MIDDLE_NAMES_FEMALE)}
    with tenant_context(generated):
        people = list(Person.objects.exclude(national_id__in=_persona_ids(generated)).prefetch_related("family_members"))
        for person in people:
            family, middle_name, _ = person.full_name.split()
            assert family in families and middle_name in middle[person.gender], person.full_name
            for member in person.family_members.all():
                words = member.full_name.split()
                assert len(words) == 3 and words[0] in families, member.full_name
                if member.relation in ("Bố", "Con"):
                    assert words[0] == family, (person.full_name, member.full_name)
        assert Counter(person.full_name.split()[1] for person in people)["Thị"] > PEOPLE // 10


def test_every_value_is_from_the_catalogues_and_the_dossier_agrees_with_itself(generated: Province) -> None:
    with tenant_context(generated):
        people = list(Person.objects.exclude(national_id__in=_persona_ids(generated)).select_related("dossier")
                      .prefetch_related("degrees", "salary_history", "work_history", "placements"))
    ranks = set(Rank.objects.values_list("code", flat=True)) | set(
        ProfessionalTitle.objects.values_list("code", flat=True))
    scales = {s.code: s for s in SalaryScale.objects.all()}
    levels = dict(EducationLevel.objects.values_list("code", "name"))
    ethnic = set(EthnicGroup.objects.values_list("code", flat=True))
    assert len({p.national_id for p in people}) == PEOPLE
    for person in people:
        dossier = person.dossier
        assert national_id_errors(person.national_id, birth_date=person.birth_date, gender=person.gender) == []
        assert person.national_id.startswith("010")
        assert (dossier.rank_code or dossier.professional_title_code) in ranks
        assert dossier.ethnic_group_code in ethnic
        scale = scales[dossier.salary_scale_code]
        assert 1 <= dossier.salary_step <= scale.steps
        assert dossier.salary_coefficient == scale.first_coefficient + scale.step_increment * (dossier.salary_step - 1)
        history = sorted(person.salary_history.all(), key=lambda row: row.step)
        assert history[-1].step == dossier.salary_step and history[-1].coefficient == dossier.salary_coefficient
        assert history[-1].effective_on == dossier.salary_effective_on <= TODAY
        [degree] = person.degrees.all()
        assert dossier.highest_qualification == levels[degree.level_code]
        [work] = person.work_history.all()
        [placement] = person.placements.all()
        assert placement.org_unit_id == person.org_unit_id and placement.end is None
        assert work.start == placement.start == dossier.first_recruited_on and work.end is None
        assert person.birth_year + 18 <= dossier.first_recruited_on.year < TODAY.year


def test_each_dossier_has_its_first_version_and_a_family(generated: Province) -> None:
    """The first version holds the dossier exactly as it reads back from the database."""
    with tenant_context(generated):
        generated_people = Person.objects.exclude(national_id__in=_persona_ids(generated))
        versions = DossierVersion.objects.filter(person__in=generated_people, number=1)
        assert versions.count() == PEOPLE
        for version in versions.order_by("id")[:20]:
            person = Person.objects.select_related("dossier").prefetch_related(*dossier_prefetch()).get(
                pk=version.person_id)
            assert _by_id(version.snapshot) == _by_id(json.loads(json.dumps(dossier_snapshot(person), cls=DjangoJSONEncoder)))
        families = generated_people.annotate(n=Count("family_members")).values_list("n", flat=True)
        assert min(families) >= 2
        assert set(FamilyMember.objects.filter(person__in=generated_people).values_list("relation", flat=True)) >= {
            "Bố", "Mẹ"}


def test_the_personas_are_left_as_they_were(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        before = _personas_state(lao_cai)
        demo_population_add(id_prefix=PROVINCE_DATA["lao-cai"].id_prefix, people=50, today=TODAY)
        assert _personas_state(lao_cai) == before
        assert Person.objects.count() == len(PERSONAS) + 50


def test_people_are_inserted_in_batches_not_one_by_one(lao_cai: Province, son_la: Province) -> None:
    """As many queries for 600 people as for 10: one insert per table, never one per person."""
    counts = []
    for province, people in ((lao_cai, 10), (son_la, 600)):
        with tenant_context(province), CaptureQueriesContext(connection) as queries:
            demo_population_add(id_prefix=PROVINCE_DATA[province.code].id_prefix, people=people, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1] < 60, counts


def test_the_same_seed_makes_the_same_people(lao_cai: Province, son_la: Province) -> None:
    """Names come from Faker's vi_VN locale, seeded (by default, per province): every machine
    builds the same province."""
    names = []
    for province in (lao_cai, son_la):
        with tenant_context(province):
            demo_population_add(id_prefix=PROVINCE_DATA[province.code].id_prefix, people=20, today=TODAY, seed=7)
            names.append(list(Person.objects.exclude(national_id__in=_persona_ids(province))
                              .order_by("national_id").values_list("full_name", "birth_date")))
    assert names[0] == names[1] and len(names[0]) == 20
    assert all(len(name.split()) >= 2 for name, _ in names[0])


def _by_id(snapshot: dict) -> dict:
    """A snapshot with each group's rows in the order of their ids."""
    return {**snapshot, "rows": {group: sorted(rows, key=lambda row: row["id"])
                                 for group, rows in snapshot["rows"].items()}}


def _persona_ids(province: Province) -> list[str]:
    return [demo_national_id(province, i) for i in range(len(PERSONAS))]


def _personas_state(province: Province) -> list[tuple]:
    people = Person.objects.filter(national_id__in=_persona_ids(province)).select_related("dossier").order_by("pk")
    grants = sorted(RoleGrant.objects.values_list("account__username", "role", "org_unit_id"))
    rows = (Degree.objects.filter(person__in=people).count(), WorkHistory.objects.filter(person__in=people).count(),
            SalaryHistory.objects.filter(person__in=people).count(),
            Placement.objects.filter(person__in=people).count())
    return [*[(p.national_id, p.full_name, p.org_unit_id, p.version, p.dossier.rank_code,
               p.dossier.highest_qualification) for p in people], tuple(grants), rows]


def test_change_sets_wait_in_the_queues_outside_the_personas_agency(generated: Province) -> None:
    """Drafts and sets sent for review, made by the services (with their duties), for generated
    people outside Sở Tài chính, whose personas' journeys keep their queue to themselves."""
    with tenant_context(generated):
        admin = Account.objects.get(username=DOHA_ADMIN_USERNAME)
        finance = OrgUnit.objects.get(name="Sở Tài chính")
        opened = demo_change_sets_open(acting_user=admin, count=9, today=TODAY, outside=finance)
        sets = ChangeSet.objects.filter(pk__in=[s.pk for s in opened]).select_related("person__org_unit")
        assert Counter(s.state for s in sets) == {ChangeSetState.SUBMITTED: 6, ChangeSetState.DRAFT: 3}
        assert not any(s.person.org_unit.path.startswith(finance.path) for s in sets)
        assert Obligation.objects.filter(change_set__in=sets, kind=ObligationKind.UNIT_REVIEW).count() == 6
        assert Obligation.objects.filter(change_set__in=sets, kind=ObligationKind.PERSONAL_UPDATE,
                                         state=ObligationState.OPEN).count() == 3
