"""Sign-in lockout, API tokens, sessions, headers and body limits (issue 13).

Imported by base.py; production.py adds HSTS and the HTTPS redirect. Values a province decides
(password policy, idle timeout) are rules (`rules/`), not settings: these are the platform's
fixed floor.
"""

from datetime import timedelta

from hoso.settings.env import env_int, env_list


def security_settings() -> dict[str, object]:
    return {
        **_lockout(),
        **_tokens(),
        **_sessions(),
        **_headers(),
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 2_621_440,
        "FILE_UPLOAD_MAX_MEMORY_SIZE": 2_621_440,
        # Outbound requests (core.base.http) to http:// or to private, loopback or link-local
        # addresses are refused unless the host is named here by an operator.
        "HOSO_OUTBOUND_ALLOWED_HOSTS": env_list("HOSO_OUTBOUND_ALLOWED_HOSTS"),
    }


def _lockout() -> dict[str, object]:
    """django-axes: five wrong passwords for one account, or from one address, lock it for
    thirty minutes (or until the province's admin unlocks it). Attempts live in the schema of
    the host signed in to, so each province counts its own."""
    return {
        "AXES_FAILURE_LIMIT": env_int("HOSO_SIGN_IN_FAILURE_LIMIT", 5),
        "AXES_COOLOFF_TIME": timedelta(minutes=30),
        "AXES_LOCKOUT_PARAMETERS": ["username", "ip_address"],
        "AXES_RESET_ON_SUCCESS": True,
        "AXES_USERNAME_CALLABLE": "core.base.accounts.backends.lockout_username",
        "AXES_LOCKOUT_CALLABLE": "frontend.common.security.lockout_response",
        "AXES_HTTP_RESPONSE_CODE": 429,
        # The page and the API both post `username`; axes reads it from the credentials.
        "AXES_USERNAME_FORM_FIELD": "username",
        "AXES_VERBOSE": False,
    }


def _tokens() -> dict[str, object]:
    """django-rest-knox: only a hash of each token is stored; a token lasts ten hours and is
    revoked at sign-out."""
    return {
        "REST_KNOX": {
            "TOKEN_TTL": timedelta(hours=10),
            "AUTH_HEADER_PREFIX": "Token",
            "AUTO_REFRESH": False,
        },
    }


def _sessions() -> dict[str, object]:
    """A session lasts a working day at most; idleness is cut shorter by the province's rule
    (frontend.common.security.SignedInMiddleware)."""
    return {
        "SESSION_COOKIE_AGE": 8 * 3600,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
    }


def _headers() -> dict[str, object]:
    """No inline script anywhere: scripts are static files (htmx, frontend/hoso.js, Swagger UI
    from drf-spectacular-sidecar). Inline `style` attributes stay allowed (a report's bar
    widths); inline <style> elements do not."""
    return {
        "CONTENT_SECURITY_POLICY": {
            "DIRECTIVES": {
                "default-src": ["'self'"],
                "script-src": ["'self'"],
                "style-src": ["'self'"],
                "style-src-attr": ["'unsafe-inline'"],
                "img-src": ["'self'", "data:"],
                "font-src": ["'self'"],
                "connect-src": ["'self'"],
                "object-src": ["'none'"],
                "base-uri": ["'self'"],
                "form-action": ["'self'"],
                "frame-ancestors": ["'none'"],
            },
        },
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
    }
