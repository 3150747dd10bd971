"""Reading pages: my page, my dossier, the people in my scope and their dossiers. Each calls one selector; who may see what is the selectors' answer."""


from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.base.errors import NotFoundError
from core.careers.selectors import career_duty_counts, person_career_duties
from core.catalogues.selectors import catalogue_choices
from core.models import Role
from core.permissions import (
    ADMIN_ROLES,
    CONSENT_ROLES,
    REVIEW_ROLES,
    account_roles,
)
from core.selectors.change_sets import change_set_list_for_user, change_set_open_for_user
from core.selectors.home import approver_home, doha_home, home_duties, officer_home
from core.selectors.org_units import org_unit_list
from core.selectors.people import dossier_get_for_user, person_id_for_account, person_list_for_user
from core.transfers.selectors import DutyState, duty_kind_label, duty_state
from frontend.change_sets.sections import sections_show
from frontend.common.paging import page_of
from frontend.common.views import acting, signed_in_page
from frontend.people.forms import PeopleFilterForm

PEOPLE_PER_PAGE = 25


@signed_in_page
def my_home(request: HttpRequest) -> HttpResponse:
    """What the signed-in account owes (the same duties as /nghia-vu/) and, per role, the work
    waiting for it: the DoHA's province at a glance, the approver's signatures, the officer's
    queue, the employee's dossier."""
    user = acting(request)
    today = timezone.localdate()
    try:
        person_id: int | None = person_id_for_account(user=user)
    except NotFoundError:
        person_id = None
    roles = account_roles(user)
    held = {r.role for r in roles}
    duties = home_duties(user=user, today=today)
    return render(request, "people/my_home.html", {
        "roles": roles,
        "has_dossier": person_id is not None,
        "duties": [(duty, duty_kind_label(duty.kind), DutyState.LABELS[duty_state(duty, today=today)])
                   for duty in duties.shown],
        "duties_count": duties.count,
        "open_set": change_set_open_for_user(user=user, person_id=person_id) if person_id else None,
        "last_set": change_set_list_for_user(user=user, person_id=person_id).first() if person_id else None,
        "officer": officer_home(user=user) if held & set(REVIEW_ROLES) else None,
        "approver": approver_home(user=user, today=today) if Role.APPROVER in held else None,
        "doha": doha_home(user=user, today=today) if Role.DOHA_ADMIN in held else None,
        "careers": career_duty_counts() if Role.DOHA_ADMIN in held else None,
        "my_career": person_career_duties(person_id=person_id) if person_id else [],
        "can_admin": bool(held & {*ADMIN_ROLES, *CONSENT_ROLES}),
        "tech": Role.TECH_AGENCY in held,
    })


@signed_in_page
def my_dossier(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    try:
        person_id = person_id_for_account(user=user)
    except NotFoundError as error:
        messages.info(request, error.message)  # an agency account: its work starts on "my page"
        return redirect("frontend:my-home")
    view = dossier_get_for_user(user=user, person_id=person_id)
    return render(request, "people/dossier.html", {
        "person": view.person, "sections": sections_show(view.person), "own": True,
        "open_set": change_set_open_for_user(user=user, person_id=person_id),
        "change_sets": change_set_list_for_user(user=user, person_id=person_id)[:20],
    })


@signed_in_page
def person_dossier(request: HttpRequest, person_id: int) -> HttpResponse:
    """Someone else's dossier, for a role over them or a written consent; the read is logged."""
    user = acting(request)
    view = dossier_get_for_user(user=user, person_id=person_id, purpose="Xem hồ sơ trên trang")
    if view.access.channel == "self":
        return redirect("frontend:my-dossier")
    return render(request, "people/dossier.html", {
        "person": view.person, "sections": sections_show(view.person), "own": False, "access": view.access,
        "change_sets": change_set_list_for_user(user=user, person_id=view.person.pk)[:20],
    })


@signed_in_page
def people(request: HttpRequest) -> HttpResponse:
    """People in my scope, searched by name (with or without diacritics), ID number, unit,
    rank, category; the leavers' archive with ?luu-tru=1."""
    user = acting(request)
    archived = request.GET.get("luu-tru") == "1"
    units = [(v.org_unit_id, f"{'— ' * max(v.org_unit.depth - 1, 0)}{v.name}") for v in org_unit_list()]
    form = PeopleFilterForm(request.GET or None, units=units, ranks=catalogue_choices(kind="rank"))
    filters = form.cleaned_data if form.is_valid() else {}
    found = person_list_for_user(
        user=user, query=filters.get("q") or "", unit_id=filters.get("don_vi"),
        rank_code=filters.get("ngach") or "", category=filters.get("doi_tuong") or "", archived=archived,
    )
    return render(request, "people/people.html", {
        "form": form, "page": page_of(request, found, per_page=PEOPLE_PER_PAGE), "archived": archived,
    })
