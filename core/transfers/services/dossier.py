"""A transfer changes the dossier (its unit, its work history): a new version is stored, as
core stores one after every applied change."""

from django.db.models import F

from core.base.accounts.models import Account
from core.dossier_values import dossier_prefetch, dossier_snapshot
from core.models import DossierVersion, Person


def dossier_version_bump(person: Person, *, acting_user: Account) -> DossierVersion:
    """Count one change on the dossier and store it as it stands now."""
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1)
    fresh = Person.objects.select_related("dossier").prefetch_related(*dossier_prefetch()).get(pk=person.pk)
    person.version = fresh.version
    return DossierVersion.objects.create(person=person, number=fresh.version, snapshot=dossier_snapshot(fresh),
                                         created_by=acting_user)
