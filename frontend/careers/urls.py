from django.urls import path

from frontend.careers import views

urlpatterns = [
    path("su-nghiep/nang-luong/", views.raises_due, name="careers-raises"),
    path("su-nghiep/nghi-huu/", views.retirements, name="careers-retirements"),
    path("su-nghiep/het-nhiem-ky/", views.terms_ending, name="careers-terms"),
    path("su-nghiep/luong/<int:person_id>/", views.pay, name="careers-pay"),
    path("su-nghiep/nang-luong-truoc-han/", views.early_raises, name="careers-early-raises"),
    path("su-nghiep/xet-nang-luong/", views.raise_round, name="careers-raise-round"),
    path("su-nghiep/ky-luat/", views.barred, name="careers-barred"),
    path("su-nghiep/danh-gia/", views.evaluations, name="careers-evaluations"),
    path("su-nghiep/luong-cua-toi/", views.my_pay, name="careers-my-pay"),
]
