"""The one HTTP client of hoso's outbound calls (the national database's sync and record
endpoints): a status and a body for every outcome, never an exception, so callers decide
what a timeout or a refusal means for their own records."""

import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer (timeout, refused connection, bad URL)
    body: str


def http_request(method: str, url: str, *, headers: dict[str, str], timeout: float,
                 body: bytes | None = None) -> Answer:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the province's own setting)
            return Answer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode("utf-8", "replace"))
    except (OSError, ValueError) as error:  # timeouts, refused connections, bad URLs
        return Answer(0, str(error) or type(error).__name__)
