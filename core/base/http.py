"""The one HTTP client of hoso's outbound calls (the national database's sync and record
endpoints, a remote signing service): a status and a body for every outcome, never an
exception, so callers decide what a timeout or a refusal means for their own records.

Outbound calls go only to https addresses that resolve to public IP addresses: a province
setting must not turn the server into a probe of its own network (SSRF). An operator may allow
a host explicitly (HOSO_OUTBOUND_ALLOWED_HOSTS), e.g. a signing service inside the cluster.
Redirects are not followed (one could lead inside). What a remote answered is shown to users
only as the protocol's own JSON `message` (`reply_summary`), never as a raw body.
"""

import ipaddress
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

NOT_HTTPS = "Địa chỉ phải dùng https://."
NO_HOST = "Địa chỉ không có tên máy chủ."
UNRESOLVED = "Không tìm được địa chỉ IP của máy chủ {host}."
PRIVATE = "Máy chủ {host} là địa chỉ nội bộ ({address}); chỉ được gọi khi quản trị vận hành cho phép."
REPLY_HIDDEN = "nội dung trả lời không hiển thị"
REPLY_MAX = 200


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer (timeout, refused connection, bad or refused URL)
    body: str


def _allowed_hosts() -> set[str]:
    return {host.lower() for host in getattr(settings, "HOSO_OUTBOUND_ALLOWED_HOSTS", [])}


def outbound_url_error(url: str, *, unresolved_ok: bool = False) -> str | None:
    """Why `url` may not be called (Vietnamese), or None. An operator-allowed host skips the
    checks; otherwise https, and every address it resolves to is public. `unresolved_ok`: a
    setting may name a host that does not resolve yet; each call checks again before
    connecting."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        return NO_HOST
    if not host:
        return NO_HOST
    if host in _allowed_hosts():
        return None
    if parts.scheme != "https":
        return NOT_HTTPS
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return None if unresolved_ok else UNRESOLVED.format(host=host)
    for address in sorted(addresses):
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return PRIVATE.format(host=host, address=address)
    return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx comes back as an HTTPError: its status is the answer


_OPENER = urllib.request.build_opener(_NoRedirects)


def http_request(method: str, url: str, *, headers: dict[str, str], timeout: float,
                 body: bytes | None = None) -> Answer:
    refused = outbound_url_error(url)
    if refused is not None:
        return Answer(0, refused)
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Answer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode("utf-8", "replace"))
    except (OSError, ValueError) as error:  # timeouts, refused connections, bad URLs
        return Answer(0, type(error).__name__)


def reply_summary(answer: Answer) -> str:
    """What may be shown of a remote's answer: its JSON `message` (or `reason`, `detail`),
    shortened; a raw body (an HTML page of whatever answered) is never echoed. For no answer
    (status 0), hoso's own reason."""
    if answer.status == 0:
        return answer.body[:REPLY_MAX]
    try:
        parsed = json.loads(answer.body)
    except ValueError:
        return REPLY_HIDDEN
    if isinstance(parsed, dict):
        text = parsed.get("message") or parsed.get("reason") or parsed.get("detail")
        if isinstance(text, str) and text.strip():
            return "".join(ch for ch in text.strip() if ch.isprintable())[:REPLY_MAX]
    return REPLY_HIDDEN
