"""The technical agency's pages. Included by frontend/urls.py under the `frontend` namespace:
path("ky-thuat/", include("frontend.tech_agency.urls"))."""

from django.urls import path

from frontend.tech_agency import views

urlpatterns = [
    path("", views.home, name="tech-home"),
    path("kiem-tra/", views.checks, name="tech-checks"),
    path("bao-tri/", views.maintenance, name="tech-maintenance"),
    path("bao-tri/rut-thong-bao/", views.maintenance_withdraw_now, name="tech-maintenance-withdraw"),
]
