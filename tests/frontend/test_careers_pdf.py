"""Every career list also downloads as a PDF table (Vietnamese in DejaVu); without the font the
server says so in Vietnamese instead of failing."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from core.base.accounts.models import Account
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db
LISTS = ["/su-nghiep/nang-luong/", "/su-nghiep/nghi-huu/", "/su-nghiep/het-nhiem-ky/", "/su-nghiep/ky-luat/",
         "/su-nghiep/nang-luong-truoc-han/"]


@pytest.mark.parametrize("path", LISTS)
def test_each_list_as_pdf(path: str, lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    response = browser_as(lc.doha).get(path, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Content-Disposition"].endswith('.pdf"')


def test_without_the_font_the_pdf_is_refused_in_vietnamese(lc: Personas, browser_as: Callable[[Account], Client],
                                                           settings: Any, tmp_path: Path) -> None:
    settings.HOSO_PDF_FONT_DIR = str(tmp_path)
    response = browser_as(lc.doha).get("/su-nghiep/nghi-huu/", {"format": "pdf"})
    assert response.status_code == 400
    assert response.content.decode() == "Máy chủ chưa có phông chữ tiếng Việt để xuất PDF; hãy tải tệp Excel."
