from django.urls import path

from frontend.rules import views as rules

urlpatterns = [
    path("", rules.rules_overview, name="rules-overview"),
    path("lich-lam-viec/", rules.calendar_overrides, name="calendar-overrides"),
    path("xac-nhan-ngay-van-ban/", rules.document_date_confirm, name="document-date-confirm"),
    path("<str:key>/sua/", rules.rule_edit, name="rule-edit"),
    path("<str:key>/lich-su/", rules.rule_history, name="rule-history"),
]
