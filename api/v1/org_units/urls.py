"""The organisation (/api/v1/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.org_units import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("org-units/", views.OrgUnitListView.as_view(), name="api-org-units"),
    path("org-units/tree/", views.OrgUnitTreeView.as_view(), name="api-org-unit-tree"),
    path("org-units/by-code/", views.OrgUnitByCodeView.as_view(), name="api-org-unit-by-code"),
    path("org-units/<int:pk>/", views.OrgUnitDetailView.as_view(), name="api-org-unit"),
]
