"""The province's backup page. Included by frontend/urls.py under the `frontend` namespace:
path("sao-luu/", include("frontend.backups.urls"))."""

from django.urls import path

from frontend.backups import views

urlpatterns = [
    path("", views.backup_page, name="backups"),
    path("sao-luu-ngay/", views.backup_run_now, name="backup-run"),
]
