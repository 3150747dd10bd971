"""A province host's URLconf with the approval pages and API included the way
frontend/urls.py and api/urls.py are meant to include them."""

from django.urls import include, path

from tenants import urls_province

urlpatterns = [
    path("phe-duyet/", include("core.approvals.urls")),
    path("api/v1/", include("core.approvals.api_urls")),
    *urls_province.urlpatterns,
]

handler404 = urls_province.handler404
