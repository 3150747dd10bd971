from django.urls import path

from core.backups import api

urlpatterns = [
    path("backups/", api.BackupListView.as_view(), name="api-backups"),
]
