from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tenants.selectors import province_list, province_primary_domain


def province_home(request: HttpRequest) -> HttpResponse:
    """The province's front page; a signed-in person goes straight to their own page."""
    if request.user.is_authenticated:
        return redirect("frontend:my-home")
    return render(request, "frontend/province_home.html")


def console_home(request: HttpRequest) -> HttpResponse:
    provinces = [(p, province_primary_domain(p)) for p in province_list()]
    port = request.get_port()
    return render(request, "frontend/console_home.html", {"provinces": provinces, "port": port})
