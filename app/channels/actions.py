"""Typed outcomes for what happens after posting (take-down and moderation), shared by X and Facebook.

Every action answers with an `Outcome`: DONE, GONE (the post or comment no longer exists), RETRY_LATER (with
`retry_at` from the platform's rate-limit headers when it sends them), RECONNECT (credentials or permissions),
REJECTED (the platform refused, with its reason) or UNKNOWN (a delete whose fate is unclear: check `exists`).
"""

from __future__ import annotations

from datetime import datetime

from app.channels.base import Outcome, OutcomeKind

# What each action is, in the words a person reads: "hide this comment", "remove the post".
WHAT = {
    "take_down": "remove the post",
    "hide": "hide the comment",
    "unhide": "show the comment again",
    "delete": "delete the comment",
    "block": "block the commenter",
    "list": "read the comments",
}


def done(message: str) -> Outcome:
    return Outcome(OutcomeKind.DONE, message)


def gone(label: str, action: str) -> Outcome:
    return Outcome(OutcomeKind.GONE, f"It is no longer on {label}, so there was nothing to {WHAT[action].split()[0]}.")


def rate_limited(label: str, action: str, retry_at: datetime | None) -> Outcome:
    return Outcome(OutcomeKind.RETRY_LATER,
                   f"{label} is limiting how often Tripcast can act. It will {WHAT[action]} again shortly.",
                   retry_at=retry_at)


def platform_down(label: str, action: str) -> Outcome:
    return Outcome(OutcomeKind.RETRY_LATER,
                   f"{label} is having problems right now. Tripcast will try to {WHAT[action]} again shortly.")


def unreachable(label: str, action: str) -> Outcome:
    return Outcome(OutcomeKind.RETRY_LATER,
                   f"Could not reach {label} (no signal, or {label} is down). Tripcast will try to {WHAT[action]} "
                   "again shortly.")


def maybe_done(label: str) -> Outcome:
    return Outcome(OutcomeKind.UNKNOWN,
                   f"{label} did not confirm whether the post was removed. Tripcast will check {label}.")


def no_permission(label: str, action: str, permission: str) -> Outcome:
    return Outcome(OutcomeKind.RECONNECT,
                   f"{label} has not given Tripcast permission to {WHAT[action]} ({permission}). Ask an admin to "
                   f"reconnect {label} with that permission.")


def refused(label: str, action: str, detail: str) -> Outcome:
    return Outcome(OutcomeKind.REJECTED, f"{label} refused to {WHAT[action]} ({detail or 'no reason given'}).")


def final_delete(outcome: Outcome, label: str) -> Outcome:
    """For deletes (post or comment) "already gone" is success."""
    if outcome.kind is OutcomeKind.GONE:
        return done(f"It was already gone from {label}.")
    return outcome
