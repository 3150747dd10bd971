from django.urls import path

from api.v1.rules import views

urlpatterns = [
    path("rules/", views.RulesView.as_view(), name="api-rules"),
    path("calendar/approval-windows/", views.ApprovalWindowsView.as_view(), name="api-approval-windows"),
    path("calendar/deadline/", views.DeadlineView.as_view(), name="api-deadline"),
    path("calendar/reports/", views.ReportsView.as_view(), name="api-reports"),
    path("calendar/working-days/", views.WorkingDaysView.as_view(), name="api-working-days"),
]
