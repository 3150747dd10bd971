from django.urls import path

from api.v1.careers import views

urlpatterns = [
    path("calendar/retirement/", views.RetirementView.as_view(), name="api-retirement"),
]
