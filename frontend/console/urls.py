from django.urls import path

from frontend.backups import console as console_backups
from frontend.catalogues import views as console_catalogues
from frontend.console import auth as console_auth
from frontend.console import merger as console_merger
from frontend.console import pages as console_pages
from frontend.home import views as pages

app_name = "console"

urlpatterns = [
    path("van-hanh/danh-muc/", console_catalogues.catalogue_list, name="catalogues"),
    path("van-hanh/danh-muc/<slug:slug>/", console_catalogues.catalogue_entries, name="catalogue"),
    path("van-hanh/danh-muc/<slug:slug>/<str:code>/", console_catalogues.catalogue_entry, name="catalogue_entry"),
    path("van-hanh/danh-muc/<slug:slug>/<str:code>/lich-su/", console_catalogues.catalogue_entry_history_page,
         name="catalogue_entry_history"),
    path("", pages.console_home, name="public-home"),
    path("van-hanh/", console_pages.home, name="home"),
    path("dang-nhap/", console_auth.sign_in, name="sign_in"),
    path("dang-xuat/", console_auth.sign_out, name="sign_out"),
    path("doi-mat-khau/", console_auth.password_change, name="password_change"),
    path("tinh/moi/", console_pages.province_onboard_page, name="onboard"),
    path("tinh/<slug:code>/", console_pages.province_detail, name="province"),
    path("tinh/<slug:code>/lien-ket-dang-nhap/", console_pages.province_admin_link, name="admin_link"),
    path("tinh/<slug:code>/<slug:action>/", console_pages.province_status, name="status"),
    path("lich-toan-quoc/", console_pages.national_calendar, name="national_calendar"),
    path("nhat-ky/", console_pages.audit_log, name="audit"),
    path("van-hanh/sap-nhap/", console_merger.mergers, name="mergers"),
    path("van-hanh/sap-nhap/<int:merger_id>/", console_merger.merger_detail, name="merger"),
    path("van-hanh/sap-nhap/<int:merger_id>/thuc-hien/", console_merger.merger_execute, name="merger_run"),
    path("van-hanh/sap-nhap/<int:merger_id>/xac-nhan/", console_merger.merger_confirm_page, name="merger_confirm"),
    path("van-hanh/sao-luu/", console_backups.backups_home, name="backups"),
    path("van-hanh/sao-luu/<slug:code>/", console_backups.backups_province, name="backups_province"),
    path("van-hanh/sao-luu/<slug:code>/khoi-phuc/", console_backups.backups_restore, name="backups_restore"),
]
