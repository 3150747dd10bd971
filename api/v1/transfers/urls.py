"""API of transfers, duties, notifications and compliance. Included by api/urls.py:
path("v1/", include("api.v1.transfers.urls"))."""

from django.urls import URLPattern, URLResolver, path

from api.v1.transfers import views as api

urlpatterns: list[URLPattern | URLResolver] = [
    path("transfers/", api.TransferListView.as_view(), name="api-transfers"),
    path("transfers/arrivals/", api.TransferReceiveView.as_view(), name="api-transfer-arrivals"),
    path("transfers/<int:pk>/", api.TransferDetailView.as_view(), name="api-transfer"),
    path("transfers/<int:pk>/steps/", api.TransferStepView.as_view(), name="api-transfer-steps"),
    path("duties/", api.DutyListView.as_view(), name="api-duties"),
    path("notifications/", api.NotificationListView.as_view(), name="api-notifications"),
    path("notifications/<int:pk>/read/", api.NotificationReadView.as_view(), name="api-notification-read"),
    path("compliance/", api.ComplianceView.as_view(), name="api-compliance"),
]
