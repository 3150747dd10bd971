"""A plain single-tenant Django 5.2 project (startproject's middleware, the stock PostgreSQL
backend) on one province's schema: the baseline of bench_routing.py."""

import os

import dj_database_url

SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                  "django.contrib.messages"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "tests.perf.plain.views"
_db = dict(dj_database_url.parse(os.environ["DATABASE_URL"]))
_db.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True,
           OPTIONS={"options": f"-c search_path={os.environ['BENCH_SCHEMA']},public"})
DATABASES = {"default": _db}
USE_TZ = True
