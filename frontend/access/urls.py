"""Accounts, role grants and consents: included by frontend/urls.py under the `frontend` namespace."""

from django.urls import path

from frontend.access import passwords, views

urlpatterns = [
    path("doi-mat-khau/", passwords.password_change_page, name="password-change"),
    path("tai-khoan/", views.accounts, name="accounts"),
    path("tai-khoan/ca-nhan/", views.person_account, name="account-person"),
    path("tai-khoan/co-quan/", views.agency_account, name="account-agency"),
    path("tai-khoan/phan-quyen/", views.grant, name="role-grant"),
    path("tai-khoan/khoa/", views.account_active, name="account-active"),
    path("tai-khoan/phan-quyen/<id:grant_id>/van-ban/", views.grant_document, name="role-grant-document"),
    path("tai-khoan/phan-quyen/<id:grant_id>/thu-hoi/", views.revoke, name="role-revoke"),
    path("tai-khoan/dong-y/", views.consent, name="consent-grant"),
    path("tai-khoan/dong-y/<id:consent_id>/thu-hoi/", views.consent_revoke, name="consent-revoke"),
]
