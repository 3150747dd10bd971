"""Who read my dossier: every read of it by someone else, with the role or consent used and
why (Luật Bảo vệ dữ liệu cá nhân 91/2025: the data subject may know who processed their data)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.base.errors import NotFoundError
from core.selectors.people import dossier_read_log_list_for_user, person_id_for_account
from frontend.common.paging import page_of
from frontend.common.views import acting, signed_in_page

PAGE_SIZE = 50


@signed_in_page
def my_read_log(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    try:
        person_id = person_id_for_account(user=user)
    except NotFoundError as error:
        messages.info(request, error.message)
        return redirect("frontend:my-home")
    reads = dossier_read_log_list_for_user(user=user, person_id=person_id)
    return render(request, "people/read_log.html", {"page": page_of(request, reads, per_page=PAGE_SIZE)})
