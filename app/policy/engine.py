"""Run the rules over a draft and decide what still stands in the way of posting."""

from __future__ import annotations

from collections.abc import Callable

from app.policy import rules_names, rules_post
from app.policy.inputs import RuleInput
from app.policy.model import BLOCK, Draft, Finding, PolicyContext

Rule = Callable[[RuleInput], list[Finding]]

# Rule id -> the function that produces its findings, in the order the teacher sees them.
RULES: dict[str, Rule] = {
    "empty": rules_post.empty,
    "broadcast-only": rules_post.broadcast_only,
    "offensive": rules_post.offensive,
    "names-with-photo": rules_names.names_with_photo,
    "full-name": rules_names.full_name,
    "targeted": rules_names.targeted,
    "posting-hours": rules_post.posting_hours,
    "length": rules_post.length,
    "consent": rules_names.consent,
    "alt-text": rules_post.alt_text,
    "link-cost": rules_post.link_cost,
}
RULE_IDS = frozenset(RULES)
# Rules whose answer depends on the clock: re-run just before each channel publishes.
TIME_RULES = frozenset({"posting-hours"})


def check(draft: Draft, ctx: PolicyContext, *, only: frozenset[str] | None = None) -> list[Finding]:
    """All findings for the draft, blocks first; `only` limits the run to those rule ids."""
    if only is not None and not only <= RULE_IDS:
        raise ValueError(f"unknown rule ids: {sorted(only - RULE_IDS)}")
    given = RuleInput(draft, ctx)
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        if only is None or rule_id in only:
            findings.extend(rule(given))
    return sorted(findings, key=lambda f: f.severity != BLOCK)


def unresolved(findings: list[Finding], confirmations: frozenset[str]) -> list[Finding]:
    """What still stops the post: every block, and every confirm whose rule the poster has not ticked."""
    return [f for f in findings if f.severity == BLOCK or f.rule not in confirmations]
