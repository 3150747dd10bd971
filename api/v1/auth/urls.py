"""Signing in for an API token (/api/v1/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.auth import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("auth/sign-out/", views.SignOutView.as_view(), name="api-sign-out"),
    path("auth/tokens/", views.TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token_key>/", views.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("auth/password/", views.PasswordChangeView.as_view(), name="api-password"),
]
