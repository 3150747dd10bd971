"""The API app's start-up (api/apps.py): DRF's compatibility module records `requests` as absent,
so a web worker does not load it for DRF, and the provinces' shared-account sign-in still
imports it when used.

In a fresh process: this test process has imported `requests` already (through its plugins)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STARTED = r"""
import sys
import django

django.setup()
import rest_framework.compat
from rest_framework.test import APIClient  # DRF's own test client still imports

print("compat", rest_framework.compat.requests is None, "requests" in sys.modules)
import core.sso.oidc  # the shared-account callback: mozilla-django-oidc's backend imports requests
import requests

print("sso", "requests" in sys.modules, requests.Session is not None)
"""


def test_drf_does_not_load_requests_and_single_sign_on_still_can() -> None:
    done = subprocess.run([sys.executable, "-c", STARTED], env={**os.environ, "DJANGO_SETTINGS_MODULE": "hoso.settings.test"},
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines()[-2:] == ["compat True False", "sso True True"]
