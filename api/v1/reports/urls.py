"""API of statistics and scheduled reports; api/urls.py includes it under v1/."""

from django.urls import URLPattern, URLResolver, path

from api.v1.reports import views as api

urlpatterns: list[URLPattern | URLResolver] = [
    path("statistics/", api.StatisticsView.as_view(), name="api-statistics"),
    path("statistics/changes/", api.ChangesView.as_view(), name="api-statistics-changes"),
    path("statistics/export/<str:kind>/", api.StatisticsExportView.as_view(), name="api-statistics-export"),
    path("scheduled-reports/", api.ScheduledReportListView.as_view(), name="api-scheduled-reports"),
    path("scheduled-reports/overdue/", api.ScheduledReportOverdueView.as_view(), name="api-scheduled-reports-overdue"),
    path("scheduled-reports/schedule/", api.ScheduleView.as_view(), name="api-scheduled-reports-schedule"),
    path("scheduled-reports/<int:pk>/", api.ScheduledReportDetailView.as_view(), name="api-scheduled-report"),
    path("scheduled-reports/<int:pk>/draft/", api.DraftView.as_view(), name="api-scheduled-report-draft"),
    path("scheduled-reports/<int:pk>/remarks/", api.RemarksView.as_view(), name="api-scheduled-report-remarks"),
    path("scheduled-reports/<int:pk>/sign/", api.SignView.as_view(), name="api-scheduled-report-sign"),
    path("scheduled-reports/<int:pk>/send/", api.SendView.as_view(), name="api-scheduled-report-send"),
    path("scheduled-reports/<int:pk>/export/<str:kind>/", api.ScheduledReportExportView.as_view(),
         name="api-scheduled-report-export"),
]
