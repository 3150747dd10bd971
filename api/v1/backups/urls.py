from django.urls import path

from api.v1.backups import views as api

urlpatterns = [
    path("backups/", api.BackupListView.as_view(), name="api-backups"),
]
