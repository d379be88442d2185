"""How Graph API errors map to outcomes: one table keyed on the error `code` (and `error_subcode`).

Graph errors look like {"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}.
First matching rule wins; a rule with subcodes only matches those subcodes. Anything not in the table is
a refusal unless Facebook marks it `is_transient`. On the create request itself, a 5xx, a transient error
or codes 1/2 (Facebook's own faults) leave the post's fate unknown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.channels.base import Outcome, OutcomeKind, retry_time

RECONNECT_FACEBOOK = "Facebook needs reconnecting. Ask an admin to reconnect Facebook."
RATE_LIMITED = "Facebook is limiting how often Tripcast can post. It will try again automatically."
FACEBOOK_DOWN = "Facebook is having problems right now. Tripcast will try again shortly."
UNREACHABLE = "Could not reach Facebook (no signal, or Facebook is down). Tripcast will try again shortly."
MAYBE_POSTED = (
    "Facebook did not confirm whether the post went out. Tripcast will check the Page before trying again."
)
# Facebook's own faults: on the create request these mean "unknown", before it "try again".
SERVER_SIDE_CODES = frozenset({1, 2})


@dataclass(frozen=True)
class FacebookErrorRule:
    codes: frozenset[int]
    kind: OutcomeKind
    message: str  # may contain {detail}: Facebook's own explanation, shortened
    subcodes: frozenset[int] = frozenset()  # empty: any subcode

    def matches(self, code: int | None, subcode: int | None) -> bool:
        return code in self.codes and (not self.subcodes or subcode in self.subcodes)


def _codes(*values: int) -> frozenset[int]:
    return frozenset(values)


FACEBOOK_ERROR_RULES: tuple[FacebookErrorRule, ...] = (
    FacebookErrorRule(
        _codes(190),
        OutcomeKind.RECONNECT,
        "The Facebook connection has expired. Ask an admin to reconnect Facebook.",
        subcodes=_codes(463),
    ),
    FacebookErrorRule(
        _codes(190),
        OutcomeKind.RECONNECT,
        "The Facebook connection stopped when a password was changed. Ask an admin to reconnect Facebook.",
        subcodes=_codes(460),
    ),
    FacebookErrorRule(_codes(190, 102), OutcomeKind.RECONNECT, RECONNECT_FACEBOOK),
    FacebookErrorRule(
        _codes(10, *range(200, 300)),
        OutcomeKind.RECONNECT,
        "Facebook has not given Tripcast permission to post on the Page. "
        "Ask an admin to reconnect Facebook and allow posting.",
    ),
    FacebookErrorRule(_codes(4, 17, 32, 613, 80001), OutcomeKind.RETRY_LATER, RATE_LIMITED),
    FacebookErrorRule(SERVER_SIDE_CODES, OutcomeKind.RETRY_LATER, FACEBOOK_DOWN),
    FacebookErrorRule(
        _codes(368),
        OutcomeKind.REJECTED,
        "Facebook has temporarily blocked this Page from posting (a policy block). "
        "Ask an admin to check the Page's notifications on Facebook.",
    ),
    FacebookErrorRule(
        _codes(506),
        OutcomeKind.REJECTED,
        "Facebook refused this post because the Page has just posted the same words. "
        "Change the text a little and post again.",
    ),
    FacebookErrorRule(
        _codes(324, 352),
        OutcomeKind.REJECTED,
        "Facebook could not use one of the photos ({detail}). Try a different photo.",
    ),
    FacebookErrorRule(_codes(100), OutcomeKind.REJECTED, "Facebook refused this post ({detail})."),
)


@dataclass(frozen=True)
class GraphError:
    code: int | None
    subcode: int | None
    transient: bool
    detail: str

    @classmethod
    def from_body(cls, body: object) -> GraphError:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls(None, None, False, "")
        return cls(
            _int(error.get("code")),
            _int(error.get("error_subcode")),
            bool(error.get("is_transient")),
            _shorten(str(error.get("error_user_msg") or error.get("message") or "")),
        )


def classify_graph_response(
    status: int, body: object, headers: object, *, on_create: bool, now: datetime | None = None
) -> Outcome:
    """The outcome for an error answer from the Graph API."""
    error = GraphError.from_body(body)
    rule = next((r for r in FACEBOOK_ERROR_RULES if r.matches(error.code, error.subcode)), None)
    rate_limited = (
        rule is not None and rule.kind is OutcomeKind.RETRY_LATER and error.code not in SERVER_SIDE_CODES
    )
    facebook_fault = status >= 500 or error.transient or error.code in SERVER_SIDE_CODES
    if on_create and facebook_fault and not rate_limited:
        return Outcome(OutcomeKind.UNKNOWN, MAYBE_POSTED)
    if rule is None:
        if facebook_fault or status == 429:
            return Outcome(OutcomeKind.RETRY_LATER, FACEBOOK_DOWN, retry_at=facebook_retry_time(headers, now))
        return Outcome(
            OutcomeKind.REJECTED, f"Facebook refused this post ({error.detail or 'no reason given'})."
        )
    retry_at = facebook_retry_time(headers, now) if rule.kind is OutcomeKind.RETRY_LATER else None
    return Outcome(
        rule.kind, rule.message.format(detail=error.detail or "no reason given"), retry_at=retry_at
    )


def classify_graph_network_error(*, connected: bool, on_create: bool) -> Outcome:
    """A timeout or broken connection. Only a create that never connected is certainly not posted."""
    if on_create and connected:
        return Outcome(OutcomeKind.UNKNOWN, MAYBE_POSTED)
    return Outcome(OutcomeKind.RETRY_LATER, UNREACHABLE)


def facebook_retry_time(headers: object, now: datetime | None = None) -> datetime | None:
    """From `Retry-After`, else the longest `estimated_time_to_regain_access` (minutes) in
    `X-Business-Use-Case-Usage`."""
    now = now or datetime.now(UTC)
    when = retry_time(headers, now)
    if when is not None or not hasattr(headers, "get"):
        return when
    try:
        usage = json.loads(headers.get("x-business-use-case-usage") or "{}")
        minutes = max(
            (
                int(entry.get("estimated_time_to_regain_access") or 0)
                for entries in usage.values()
                for entry in entries
            ),
            default=0,
        )
    except (ValueError, TypeError, AttributeError):
        return None
    return now + timedelta(minutes=minutes) if minutes > 0 else None


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
