"""Factories for people in the current province's schema (run them inside tenant_context)."""

from datetime import date
from itertools import count

import factory

from core.base.text import search_normalise
from core.models import Dossier, Gender, OrgUnit, Person, PersonCategory, Placement

_serial = count(500000)


def national_id_for(*, prefix: str = "010", year: int = 1990, gender: str = Gender.MALE) -> str:
    """A valid ID number for someone born in `year` (1900s or 2000s), registered in `prefix`."""
    century_sex = (year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
    return f"{prefix}{century_sex}{year % 100:02d}{next(_serial):06d}"


class PersonFactory(factory.django.DjangoModelFactory):
    """A working person with an empty dossier and an open placement in `org_unit`."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = Gender.MALE
    birth_year = 1990
    category = PersonCategory.CONG_CHUC
    national_id = factory.LazyAttribute(lambda o: national_id_for(year=o.birth_year, gender=o.gender))
    org_unit = factory.LazyFunction(lambda: OrgUnit.objects.get(parent__isnull=True))

    @factory.post_generation
    def dossier(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Dossier.objects.create(person=self, **kwargs)
            Placement.objects.create(person=self, org_unit=self.org_unit, start=date(2015, 1, 1))

    @classmethod
    def build_many(cls, n: int, *, org_unit: OrgUnit, prefix: str = "010") -> list[Person]:
        """`n` people in one insert (no placements): for lists and benchmarks."""
        people = []
        for i in range(n):
            name = f"Trần Thị Mẫu {i}"
            people.append(Person(national_id=national_id_for(prefix=prefix, gender=Gender.FEMALE),
                                 full_name=name, search_name=search_normalise(name), gender=Gender.FEMALE,
                                 birth_year=1990, category=PersonCategory.VIEN_CHUC, org_unit=org_unit))
        people = Person.objects.bulk_create(people)
        Dossier.objects.bulk_create([Dossier(person=p, rank_code="01.003") for p in people])
        return people
