"""The technical agency's endpoints. Included by api/v1/urls.py."""

from django.urls import path

from api.v1.tech_agency import views

urlpatterns = [
    path("tech-agency/", views.TechHomeView.as_view(), name="api-tech-home"),
    path("tech-agency/checks/", views.TechCheckListView.as_view(), name="api-tech-checks"),
    path("tech-agency/maintenance/", views.MaintenanceView.as_view(), name="api-tech-maintenance"),
]
