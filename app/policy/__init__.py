"""The school's social-media policy as code: pure functions from a draft and a context to findings.

Typical use:
    names = NameIndex.build(roster, allowlist)          # once per roster/allowlist change
    ctx = PolicyContext(now, PostingWindow.from_settings(settings), role, trips, tuple(roster), names)
    findings = check(draft, ctx)
    ok = not unresolved(findings, draft.confirmations)
"""

from __future__ import annotations

from app.policy.engine import RULE_IDS, TIME_RULES, check, unresolved
from app.policy.hours import in_window, next_window_start
from app.policy.length import x_weighted_length
from app.policy.model import (
    BLOCK,
    CONFIRM,
    OUT_OF_HOURS_REASONS,
    REASONS_NEEDING_NOTE,
    Draft,
    Finding,
    PolicyContext,
    PostingWindow,
    RosterPupil,
    TripInfo,
)
from app.policy.names import NameIndex

__all__ = [
    "BLOCK",
    "CONFIRM",
    "OUT_OF_HOURS_REASONS",
    "REASONS_NEEDING_NOTE",
    "RULE_IDS",
    "TIME_RULES",
    "Draft",
    "Finding",
    "NameIndex",
    "PolicyContext",
    "PostingWindow",
    "RosterPupil",
    "TripInfo",
    "check",
    "in_window",
    "next_window_start",
    "unresolved",
    "x_weighted_length",
]
