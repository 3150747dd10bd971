"""The hook a digital-signature module plugs into when a report is signed.

Set `HOSO_REPORT_SIGNER` to the dotted path of a callable
`(*, report, account, payload: bytes) -> str`; what it returns (a detached signature, or a
reference to one) is stored on the report. Without it, signing records who and when only.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

ReportSigner = Callable[..., str]


def report_signer() -> ReportSigner | None:
    """Read at call time, not import time: tests and deployments switch it in settings."""
    path: Any = getattr(settings, "HOSO_REPORT_SIGNER", "")
    return import_string(path) if path else None
