"""Signing in for an API token (/api/v1/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.auth import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
]
