"""Operators for console tests: made by the same service as `manage.py operator_create`."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.operations.operators import OperatorCreated, operator_create
from tests.conftest import client_for

OPERATOR_PASSWORD = "Van-hanh-2026!an-toan"


def totp_now(device: TOTPDevice) -> str:
    """The code the operator's authenticator app shows right now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture
def operator(db: None) -> OperatorCreated:
    return operator_create(username="vanhanh.an", full_name="Nguyễn Văn An")


def console_sign_in(made: OperatorCreated) -> Client:
    """A browser on the console, signed in with both factors and past the password change."""
    browser = client_for(None)
    device = TOTPDevice.objects.get(user=made.account)
    response = browser.post("/dang-nhap/", {"username": made.account.username, "password": made.password,
                                            "otp_token": totp_now(device)})
    assert response.status_code == 302, response.content.decode()
    response = browser.post("/doi-mat-khau/", {"password": OPERATOR_PASSWORD, "password_again": OPERATOR_PASSWORD})
    assert response.status_code == 302
    return browser


@pytest.fixture
def console(operator: OperatorCreated) -> Client:
    return console_sign_in(operator)
