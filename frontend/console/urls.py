"""The operators' console on the public host (namespace `console`): its own pages and the
console pages of backups and catalogues, which live with their features."""

from django.urls import path

from frontend.backups import console as backups
from frontend.catalogues import views as catalogues
from frontend.console import auth, merger, pages
from frontend.home import views as home
from frontend.privacy import console as privacy_console

app_name = "console"

urlpatterns = [
    path("van-hanh/danh-muc/", catalogues.catalogue_list, name="catalogues"),
    path("van-hanh/danh-muc/<slug:slug>/", catalogues.catalogue_entries, name="catalogue"),
    path("van-hanh/danh-muc/<slug:slug>/<str:code>/", catalogues.catalogue_entry, name="catalogue_entry"),
    path("van-hanh/danh-muc/<slug:slug>/<str:code>/lich-su/", catalogues.catalogue_entry_history_page,
         name="catalogue_entry_history"),
    path("", home.console_home, name="public-home"),
    path("van-hanh/", pages.home, name="home"),
    path("dang-nhap/", auth.sign_in, name="sign_in"),
    path("dang-xuat/", auth.sign_out, name="sign_out"),
    path("doi-mat-khau/", auth.password_change, name="password_change"),
    path("tinh/moi/", pages.province_onboard_page, name="onboard"),
    path("tinh/<slug:code>/", pages.province_detail, name="province"),
    path("tinh/<slug:code>/lien-ket-dang-nhap/", pages.province_admin_link, name="admin_link"),
    path("tinh/<slug:code>/<slug:action>/", pages.province_status, name="status"),
    path("lich-toan-quoc/", pages.national_calendar, name="national_calendar"),
    path("nhat-ky/", pages.audit_log, name="audit"),
    path("van-hanh/sap-nhap/", merger.mergers, name="mergers"),
    path("van-hanh/sap-nhap/<int:merger_id>/", merger.merger_detail, name="merger"),
    path("van-hanh/sap-nhap/<int:merger_id>/thuc-hien/", merger.merger_execute, name="merger_run"),
    path("van-hanh/sap-nhap/<int:merger_id>/xac-nhan/", merger.merger_confirm_page, name="merger_confirm"),
    path("van-hanh/sao-luu/", backups.backups_home, name="backups"),
    path("van-hanh/su-co-du-lieu/", privacy_console.breach_record_page, name="breaches"),
    path("van-hanh/sao-luu/<slug:code>/", backups.backups_province, name="backups_province"),
    path("van-hanh/sao-luu/<slug:code>/khoi-phuc/", backups.backups_restore, name="backups_restore"),
]
