"""The caller's duties, with their due dates (/api/v1/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.obligations import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("obligations/", views.ObligationListView.as_view(), name="api-obligations"),
]
