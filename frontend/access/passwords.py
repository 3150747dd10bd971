"""Changing one's own password, on every province host (the province's password rules apply).
An account that must change its password is sent here before any other page."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.base.errors import ApplicationError
from core.selectors.security import security_rules
from core.services.passwords import password_change, password_change_reason
from frontend.access.forms import PasswordChangeForm
from frontend.common.views import acting, errors_attach, signed_in_page


@signed_in_page
def password_change_page(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = password_change(acting_user=acting(request), current_password=form.cleaned_data["current_password"],
                                      new_password=form.cleaned_data["new_password"])
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            update_session_auth_hash(request, account)
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect("frontend:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "access/password_change.html",
                  {"form": form, "reason": password_change_reason(acting(request)), "rules": security_rules()},
                  status=status)
