"""Accounts, role grants and consents (/api/v1/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.access import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("roles/grantable/", views.GrantableRoleListView.as_view(), name="api-grantable-roles"),
    path("role-grants/", views.RoleGrantListView.as_view(), name="api-role-grants"),
    path("role-grants/<int:pk>/", views.RoleGrantDetailView.as_view(), name="api-role-grant"),
    path("accounts/", views.AccountCreateView.as_view(), name="api-accounts"),
    path("accounts/<str:username>/unlock/", views.AccountUnlockView.as_view(), name="api-account-unlock"),
    path("accounts/<str:username>/active/", views.AccountActiveView.as_view(), name="api-account-active"),
    path("consent-grants/", views.ConsentListView.as_view(), name="api-consent-grants"),
    path("consent-grants/<int:pk>/", views.ConsentDetailView.as_view(), name="api-consent-grant"),
]
