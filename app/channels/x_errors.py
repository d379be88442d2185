"""How X's answers map to outcomes: one table, first matching rule wins.

A rule matches on the HTTP status (one code, a range, or None for any) and on a phrase in X's error text
(its `detail`, `title`, `type` and `errors[].message`, lower-cased; "" matches anything). Where the create
request itself fails with a 5xx or a broken connection, the post may exist: that is decided in
`classify_x_response` / `classify_x_network_error`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.channels.base import Outcome, OutcomeKind, retry_time

RECONNECT_X = "X needs reconnecting. Ask an admin to reconnect X."


@dataclass(frozen=True)
class XErrorRule:
    status: int | range | None
    phrase: str
    kind: OutcomeKind
    message: str  # may contain {detail}: X's own explanation, shortened

    def matches(self, status: int, text: str) -> bool:
        if isinstance(self.status, int) and status != self.status:
            return False
        if isinstance(self.status, range) and status not in self.status:
            return False
        return self.phrase in text


X_ERROR_RULES: tuple[XErrorRule, ...] = (
    XErrorRule(401, "", OutcomeKind.RECONNECT, RECONNECT_X),
    XErrorRule(
        429,
        "",
        OutcomeKind.RETRY_LATER,
        "X is limiting how often Tripcast can post. It will try again automatically.",
    ),
    XErrorRule(
        range(500, 600),
        "",
        OutcomeKind.RETRY_LATER,
        "X is having problems right now. Tripcast will try again shortly.",
    ),
    XErrorRule(
        403,
        "duplicate content",
        OutcomeKind.REJECTED,
        "X refused this post because the account has already posted the same words. "
        "Change the text a little and post again.",
    ),
    XErrorRule(
        403,
        "oauth1-permissions",
        OutcomeKind.RECONNECT,
        "X says Tripcast may only read, not post. Ask an admin to give the X app Read and Write "
        "permission and reconnect X.",
    ),
    XErrorRule(
        403,
        "not permitted to perform this action",
        OutcomeKind.RECONNECT,
        "X says Tripcast may only read, not post. Ask an admin to give the X app Read and Write "
        "permission and reconnect X.",
    ),
    XErrorRule(
        403,
        "client-not-enrolled",
        OutcomeKind.RECONNECT,
        "The X developer app is not set up for posting. Ask an admin to check the X developer account "
        "and reconnect X.",
    ),
    XErrorRule(
        None,
        "too long",
        OutcomeKind.REJECTED,
        "The post is too long for X (280 characters, links count as 23). Shorten it and post again.",
    ),
    XErrorRule(
        range(400, 500),
        "media",
        OutcomeKind.REJECTED,
        "X refused one of the photos ({detail}). Try a different photo.",
    ),
    XErrorRule(413, "", OutcomeKind.REJECTED, "A photo is too large for X. Try a smaller photo."),
    XErrorRule(403, "", OutcomeKind.REJECTED, "X refused this post ({detail})."),
    XErrorRule(range(400, 500), "", OutcomeKind.REJECTED, "X refused this post ({detail})."),
)

UNREACHABLE = "Could not reach X (no signal, or X is down). Tripcast will try again shortly."
MAYBE_POSTED = "X did not confirm whether the post went out. Tripcast will check X before trying again."
UNEXPECTED = "X gave an answer Tripcast did not understand. Tripcast will try again shortly."


def x_error_text(body: object) -> tuple[str, str]:
    """(searchable lower-case text, a short human detail) from an X error body."""
    if not isinstance(body, dict):
        return "", ""
    parts: list[str] = []
    for key in ("detail", "title", "type", "message", "error"):
        if isinstance(body.get(key), str):
            parts.append(body[key])
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            parts += [str(error[k]) for k in ("message", "detail", "title", "type") if error.get(k)]
    detail = next(
        (p for p in parts if not p.startswith("http") and p not in ("Forbidden", "Bad Request")), ""
    )
    return " ".join(parts).lower(), _shorten(detail or "no reason given")


def classify_x_response(
    status: int, body: object, headers: object, *, on_create: bool, now: datetime | None = None
) -> Outcome:
    """The outcome for an error answer from X. On the create request a 5xx is ambiguous: UNKNOWN."""
    if on_create and status >= 500:
        return Outcome(OutcomeKind.UNKNOWN, MAYBE_POSTED)
    text, detail = x_error_text(body)
    for rule in X_ERROR_RULES:
        if rule.matches(status, text):
            retry_at = retry_time(headers, now) if rule.kind is OutcomeKind.RETRY_LATER else None
            return Outcome(rule.kind, rule.message.format(detail=detail), retry_at=retry_at)
    return Outcome(OutcomeKind.UNKNOWN if on_create else OutcomeKind.RETRY_LATER, UNEXPECTED)


def classify_x_network_error(*, connected: bool, on_create: bool) -> Outcome:
    """A timeout or broken connection. Only a create that never connected is certainly not posted."""
    if on_create and connected:
        return Outcome(OutcomeKind.UNKNOWN, MAYBE_POSTED)
    return Outcome(OutcomeKind.RETRY_LATER, UNREACHABLE)


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
