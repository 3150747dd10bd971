"""Pages of statistics and scheduled reports; frontend/urls.py includes them in its namespace."""

from django.urls import path

from frontend.reports import scores, views

urlpatterns = [
    path("thong-ke/", views.statistics_page, name="reports-statistics"),
    path("thong-ke/tai-ve/<str:kind>/", views.statistics_download, name="reports-statistics-download"),
    path("bao-cao/", views.report_list, name="reports-list"),
    path("bao-cao/diem-thi-dua/", scores.unit_scores, name="reports-scores"),
    path("bao-cao/<int:report_id>/", views.report_detail, name="reports-detail"),
    path("bao-cao/<int:report_id>/lap/", views.report_draft_action, name="reports-draft"),
    path("bao-cao/<int:report_id>/y-kien/", views.report_remarks_action, name="reports-remarks"),
    path("bao-cao/<int:report_id>/ky/", views.report_sign_action, name="reports-sign"),
    path("bao-cao/<int:report_id>/gui/", views.report_send_action, name="reports-send"),
    path("bao-cao/<int:report_id>/tai-ve/<str:kind>/", views.report_download, name="reports-download"),
]
