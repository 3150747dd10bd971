from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.selectors import province_list, province_primary_domain


def province_home(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/province_home.html")


def console_home(request: HttpRequest) -> HttpResponse:
    provinces = [(p, province_primary_domain(p)) for p in province_list()]
    port = request.get_port()
    return render(request, "frontend/console_home.html", {"provinces": provinces, "port": port})
