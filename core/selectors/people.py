"""Reading people and dossiers: always through the reader's scope, and every read of someone
else's dossier logged. Missing and forbidden answer alike (NotFoundError)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Concat

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, NotFoundError
from core.base.text import search_normalise
from core.dossier_values import dossier_rows_load, dossier_snapshot
from core.models import (
    Dossier,
    DossierReadLog,
    DossierVersion,
    OrgUnit,
    Person,
    PersonStatus,
    ReadChannel,
)
from core.permissions import (
    PersonAccess,
    account_role_grants,
    grant_over,
    person_access,
    person_visibility_q,
)
from core.sensitive import ALL_GROUPS, content_mask, hidden_groups, person_mask

NOT_FOUND = "Không tìm thấy hồ sơ."
NO_DOSSIER = "Tài khoản này không gắn với hồ sơ cá nhân nào."
# The shortest name search the trigram index (core migration 0002) can narrow.
TRIGRAM = 3
# What the people list shows of a dossier (frontend/people, api/v1/people): a name search reads
# only these, not the whole record and its sealed values, for the page's rows.
LISTED_DOSSIER_FIELDS = ("person", "rank_code", "professional_title_code")


def person_list_for_user(
    *,
    user: Account,
    query: str = "",
    unit_id: int | None = None,
    rank_code: str = "",
    category: str = "",
    archived: bool = False,
) -> QuerySet[Person]:
    """The people `user` may see, working (or, with `archived`, the leavers' archive).

    `query`: digits search the ID number from its start; anything else searches names with or
    without diacritics. `unit_id`: that unit's subtree. Query count is fixed: two for the
    scope, one for `unit_id`, one for the rows, and for a name search one for their dossiers.
    """
    people = Person.objects.filter(person_visibility_q(user))
    people = people.exclude(status=PersonStatus.WORKING) if archived else people.filter(status=PersonStatus.WORKING)
    query = query.strip()
    name = "" if query.isdigit() else search_normalise(query)
    if query.isdigit():
        people = people.filter(national_id__startswith=query)
    elif name:
        people = people.filter(search_name__contains=name)
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).only("path").first()
        people = people.filter(org_unit__path__startswith=unit.path) if unit else people.none()
    if rank_code:
        people = people.filter(dossier__rank_code=rank_code)
    if category:
        people = people.filter(category=category)
    if len(name) >= TRIGRAM:
        return _name_matches_sorted(people)
    return people.select_related("org_unit", "dossier").order_by("search_name", "id")


def _name_matches_sorted(people: QuerySet[Person]) -> QuerySet[Person]:
    """A name search, read through the trigram index and then sorted, in the order of the list.

    Left to itself the planner walks the (status, search_name, id) index in name order, assuming the
    matches spread evenly; but a family name's matches sit together, and "pham" read 73,000 rows
    of 100,000 before its first. Ordering on a copy of the name, which no index holds, makes it
    fetch only the matches and sort them (one pass, like the count the pager runs anyway), and
    the dossiers come in a second query for the page's rows alone, since joining them before
    that sort would join every match. The order is the same: the same values, the same collation.
    Shorter searches, which the trigram index cannot narrow, keep the walk: their matches are
    many and found early.
    """
    listed = Dossier.objects.only(*LISTED_DOSSIER_FIELDS)
    return people.select_related("org_unit").prefetch_related(Prefetch("dossier", queryset=listed)).order_by(
        Concat("search_name", Value("")), "id"
    )


def person_get_for_user(*, user: Account, person_id: int, purpose: str = "") -> Person:
    """One person `user` may see; a read of someone else's record is logged."""
    person, _ = _person_read(user=user, person_id=person_id, queryset=Person.objects.select_related("org_unit"),
                             purpose=purpose)
    return person


@dataclass(frozen=True)
class DossierView:
    """A dossier as read: the person (with dossier and rows loaded), how it was reached, and
    the whole content in JSON form (`content`, as stored for each version). The sensitive
    groups in `hidden` show `core.sensitive.HIDDEN` instead of their values, in `content` and
    on the loaded instances alike."""

    person: Person
    access: PersonAccess
    content: dict[str, Any]
    hidden: frozenset[str] = frozenset()


def dossier_get_for_user(*, user: Account, person_id: int, purpose: str = "") -> DossierView:
    """The whole dossier, in a fixed number of queries; the read is logged unless it is one's
    own; sensitive groups the reader's roles may not see are masked (core.sensitive)."""
    queryset = Person.objects.select_related("org_unit", "dossier")
    person, access = _person_read(user=user, person_id=person_id, queryset=queryset, purpose=purpose)
    dossier_rows_load(person)
    hidden = hidden_groups(user=user, person=person, access=access)
    content = content_mask(dossier_snapshot(person), hidden)
    person_mask(person, hidden)
    return DossierView(person=person, access=access, content=content, hidden=hidden)


def dossier_hidden_groups_for_user(*, user: Account, person: Person) -> frozenset[str]:
    """The sensitive groups of `person` whose values `user` may not see (every group when
    `user` may not see the person at all)."""
    access = person_access(user, person)
    return ALL_GROUPS if access is None else hidden_groups(user=user, person=person, access=access)


def dossier_version_list_for_user(*, user: Account, person_id: int) -> QuerySet[DossierVersion]:
    """Every stored version of a dossier, newest first, with who made it."""
    person = person_get_for_user(user=user, person_id=person_id, purpose="versions")
    return DossierVersion.objects.filter(person=person).select_related("created_by", "change_set").order_by("-number")


def dossier_read_log_list_for_user(*, user: Account, person_id: int) -> QuerySet[DossierReadLog]:
    """Who read a dossier, when and through what: for the person and for those over them."""
    person = person_get_for_user(user=user, person_id=person_id, purpose="read_log")
    return DossierReadLog.objects.filter(person=person).select_related("reader", "role_grant", "consent_grant")


def dossier_reads_record(*, user: Account, people: Iterable[Person], purpose: str) -> None:
    """Log a read of each of `people` shown to `user` beyond a single dossier (a change set's
    values, the review queue, an export): the same log the dossier page writes, in one query
    for the reader's grants and one insert. One's own record is not logged."""
    others = {p.pk: p for p in people if p.account_id != user.pk}
    if not others:
        return
    grants = account_role_grants(user)
    rows = []
    for person in others.values():
        grant = grant_over(grants, person.org_unit)
        if grant is not None:
            rows.append(DossierReadLog(reader=user, person=person, channel=ReadChannel.ROLE, role_grant=grant,
                                       purpose=purpose[:100]))
            continue
        access = person_access(user, person)
        if access is not None and access.channel != "self":
            rows.append(DossierReadLog(reader=user, person=person, channel=access.channel,
                                       role_grant=access.role_grant, consent_grant=access.consent_grant,
                                       purpose=purpose[:100]))
    DossierReadLog.objects.bulk_create(rows)


def _person_read(*, user: Account, person_id: int, queryset: QuerySet[Person], purpose: str) -> tuple[Person, PersonAccess]:
    try:
        person = queryset.filter(pk=int(person_id)).first()
    except (TypeError, ValueError):
        person = None
    access = person_access(user, person) if person is not None else None
    if person is None or access is None:
        raise NotFoundError(NOT_FOUND)
    if access.channel != "self":
        DossierReadLog.objects.create(
            reader=user, person=person, channel=access.channel, role_grant=access.role_grant,
            consent_grant=access.consent_grant, purpose=purpose[:100],
        )
    return person, access


def person_id_for_account(*, user: Account) -> int:
    """The id of the person whose account `user` is (their own dossier); NotFoundError for
    agency accounts, which have none."""
    person_id = Person.objects.filter(account_id=user.pk).values_list("pk", flat=True).first()
    if person_id is None:
        raise NotFoundError(NO_DOSSIER)
    return person_id


def national_id_format_require(national_id: str) -> str:
    """`national_id` without surrounding spaces, refused unless it is 12 digits: a mistyped
    number is told as such, never as "not found" (which would send the clerk hunting)."""
    from core.validators import NATIONAL_ID_FORMAT, NATIONAL_ID_PATTERN

    national_id = national_id.strip()
    if not NATIONAL_ID_PATTERN.fullmatch(national_id):
        raise ApplicationError.for_fields({"national_id": NATIONAL_ID_FORMAT}, NATIONAL_ID_FORMAT)
    return national_id


def person_find_for_user(*, user: Account, national_id: str) -> Person | None:
    """The person with this ID number among those `user` may see; None for missing and
    forbidden alike. ApplicationError when the number is not 12 digits."""
    national_id = national_id_format_require(national_id)
    return person_list_for_user(user=user, query=national_id).filter(national_id=national_id).first()
