"""Per-user rate limits on routes that are cheap to call and costly to answer (the policy check, posting,
channel checks, roster imports, audit searches).

Uses the `limits` library's moving window in memory: each signed-in user has their own window per route
group, so one busy teacher never slows another. The memory store is per process; with WORKERS > 1 each
process counts on its own, so the effective limit is at most WORKERS times the figure below (still bounded).
"""

from __future__ import annotations

import math
import time
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from limits import RateLimitItem, parse, storage, strategies

from app.accounts.models import User
from app.deps import current_user

# Generous for real use: the compose page checks 400 ms after typing stops, and a phone's outbox sends a
# handful of queued posts at once. A script looping on these is refused well before it costs anything.
LIMITS = {
    "check": "120/minute",
    "post": "30/minute",
    "channel-check": "10/minute",
    "roster-import": "10/minute",
    "audit": "60/minute",
}
WHAT = {
    "check": "policy checks",
    "post": "posts",
    "channel-check": "channel connection checks",
    "roster-import": "roster uploads",
    "audit": "audit log searches",
}


class RateLimits:
    def __init__(self, limits: dict[str, str] | None = None, enabled: bool = True) -> None:
        self.items: dict[str, RateLimitItem] = {k: parse(v) for k, v in (limits or LIMITS).items()}
        self.enabled = enabled
        self.limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())

    def hit(self, group: str, user_id: int) -> int:
        """0 when allowed (and counted), else the seconds until the next call will be."""
        item = self.items[group]
        if not self.enabled or self.limiter.hit(item, group, str(user_id)):
            return 0
        reset = self.limiter.get_window_stats(item, group, str(user_id)).reset_time
        return max(1, math.ceil(reset - time.time()))


def enforce(request: Request, group: str, user: User) -> None:
    """Count one call of `group` for `user`; past the limit, 429 with Retry-After."""
    limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
    wait = limits.hit(group, user.id) if limits else 0
    if wait:
        item = limits.items[group]
        raise HTTPException(
            429,
            f"Too many {WHAT.get(group, 'requests')} in a short time (at most {item.amount} a "
            f"{item.GRANULARITY.name}). Wait {wait} second{'s' if wait != 1 else ''} and try again.",
            headers={"Retry-After": str(wait)},
        )


def rate_limited(group: str):
    """A dependency: the signed-in user, refused with 429 and Retry-After past their limit for `group`."""

    async def check(request: Request, user: Annotated[User, Depends(current_user)]) -> User:
        enforce(request, group, user)
        return user

    return check


CheckLimited = Annotated[User, Depends(rate_limited("check"))]
PostLimited = Annotated[User, Depends(rate_limited("post"))]
ChannelCheckLimited = Annotated[User, Depends(rate_limited("channel-check"))]
RosterImportLimited = Annotated[User, Depends(rate_limited("roster-import"))]
AuditLimited = Annotated[User, Depends(rate_limited("audit"))]
