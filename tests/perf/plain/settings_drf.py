"""The plain project (settings.py) with Django REST framework at its defaults and the calendar
tables it reads: the baseline of bench_routing.py's calendar API. A module of its own so that
bench_memory's plain worker stays the bare startproject one."""

import os

from tests.perf.plain.settings import *  # noqa: F403 - the plain project, plus what follows

INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework", "tests.perf.plain"]  # noqa: F405
ROOT_URLCONF = "tests.perf.plain.urls"
# The province whose schema this project reads, named in the answer as hoso names it.
BENCH_PROVINCE = os.environ["BENCH_PROVINCE"]
