"""The current province's security rules (password policy, idle timeout), read on every
signed-in request: cached for a minute under the province's own cache keys."""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from rules.domain.registry import RuleKey
from rules.selectors import rules_effective

# The platform's floor where a province's text sets nothing (rules: password.*, session.*).
DEFAULT_MIN_LENGTH = 12
DEFAULT_HISTORY = 5
DEFAULT_IDLE_MINUTES = 30
CACHE_SECONDS = 60


@dataclass(frozen=True)
class SecurityRules:
    min_length: int
    history: int
    max_age_days: int | None
    idle_minutes: int


def security_rules() -> SecurityRules:
    """The rules in force today; the cache key carries the schema (django_tenants.cache)."""
    key = f"security-rules:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if isinstance(found, SecurityRules):
        return found
    rules = rules_effective(as_of=timezone.localdate())

    def number(rule: RuleKey, default: int | None) -> int | None:
        value = rules.value(rule)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    found = SecurityRules(
        min_length=number(RuleKey.PASSWORD_MIN_LENGTH, DEFAULT_MIN_LENGTH) or DEFAULT_MIN_LENGTH,
        history=number(RuleKey.PASSWORD_HISTORY, DEFAULT_HISTORY) or DEFAULT_HISTORY,
        max_age_days=number(RuleKey.PASSWORD_MAX_AGE_DAYS, None),
        idle_minutes=number(RuleKey.SESSION_IDLE_MINUTES, DEFAULT_IDLE_MINUTES) or DEFAULT_IDLE_MINUTES,
    )
    cache.set(key, found, CACHE_SECONDS)
    return found


def security_rules_forget() -> None:
    """After a rule change, so the next request reads it (tests, the rules page)."""
    cache.delete(f"security-rules:{timezone.localdate().isoformat()}")
