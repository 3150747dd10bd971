from django.urls import path

from api.v1.signing import views

urlpatterns = [
    path("signature-requests/", views.SignatureRequestsView.as_view(), name="api-signature-requests"),
    path("signature-requests/<str:token>/", views.SignatureRequestView.as_view(), name="api-signature-request"),
    path("signature-requests/<str:token>/signatures/", views.SignatureSubmitView.as_view(),
         name="api-signature-submit"),
    path("signature-requests/<str:token>/sign/", views.SignatureSignView.as_view(), name="api-signature-sign"),
    path("signature-requests/<str:token>/pdf/", views.SignedResumeView.as_view(), name="api-signature-pdf"),
]
