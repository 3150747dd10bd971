from django.urls import path

from frontend.careers import views

urlpatterns = [
    path("su-nghiep/nang-luong/", views.raises_due, name="careers-raises"),
    path("su-nghiep/nghi-huu/", views.retirements, name="careers-retirements"),
    path("su-nghiep/het-nhiem-ky/", views.terms_ending, name="careers-terms"),
]
