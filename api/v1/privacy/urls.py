"""Personal data protection (/api/v1/privacy/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.privacy import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("privacy/my-data/", views.MyDataView.as_view(), name="api-privacy-my-data"),
    path("privacy/my-data/pdf/", views.MyDataPdfView.as_view(), name="api-privacy-my-data-pdf"),
    path("privacy/requests/", views.RequestListView.as_view(), name="api-privacy-requests"),
    path("privacy/requests/to-answer/", views.RequestToAnswerListView.as_view(), name="api-privacy-to-answer"),
    path("privacy/requests/<int:pk>/answer/", views.RequestAnswerView.as_view(), name="api-privacy-answer"),
    path("privacy/breaches/", views.BreachListView.as_view(), name="api-privacy-breaches"),
    path("privacy/breaches/<int:pk>/", views.BreachDetailView.as_view(), name="api-privacy-breach"),
    path("privacy/breaches/<int:pk>/notified/", views.BreachNotifiedView.as_view(), name="api-privacy-breach-notified"),
    path("privacy/breaches/<int:pk>/notice/", views.BreachNoticeDocxView.as_view(), name="api-privacy-breach-notice"),
]
