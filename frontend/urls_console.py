from django.urls import path

from frontend.views import pages

app_name = "console"

urlpatterns = [
    path("", pages.console_home, name="home"),
]
