"""Rules about the post itself: hours, length, empty, offensive words, replies, alt text, links."""

from __future__ import annotations

import re

from app.policy import policy_text
from app.policy.detector import offensive_findings
from app.policy.hours import describe_moment, describe_window, in_window, next_window_start
from app.policy.inputs import RuleInput, quoted_list
from app.policy.length import (
    FACEBOOK_MAX_CHARACTERS,
    X_MAX_WEIGHTED_LENGTH,
    url_spans,
    x_fits_up_to,
    x_weighted_length,
)
from app.policy.model import BLOCK, CONFIRM, OUT_OF_HOURS_REASONS, REASONS_NEEDING_NOTE, Finding

_REPLY = re.compile(r"\s*[@＠][A-Za-z0-9_]{1,15}\b")


def posting_hours(given: RuleInput) -> list[Finding]:
    moment, window, draft = given.moment, given.ctx.window, given.draft
    if in_window(moment, window):
        return []
    opens = next_window_start(moment, window)
    data: dict = {"next_window": opens.isoformat()}
    reason = draft.out_of_hours_reason
    if reason == "trip" and not given.ctx.trips:
        # The trips page promises that only a current trip's leaders may post out of hours for it.
        message = (
            f"“{OUT_OF_HOURS_REASONS['trip']}” is for the leaders of a trip happening today, and you are not "
            f"leading one. Pick another reason or schedule the post for {describe_moment(opens, window)}; "
            "an admin can add you as a leader on the Trips page."
        )
        return [Finding("posting-hours", BLOCK, message, policy_text.HOURS, data=data)]
    if reason in OUT_OF_HOURS_REASONS:
        if reason not in REASONS_NEEDING_NOTE or draft.out_of_hours_note.strip():
            return []
        message = (
            f"You chose “{OUT_OF_HOURS_REASONS[reason]}”. Add a short note saying what it is, "
            f"or schedule the post for {describe_moment(opens, window)}."
        )
        return [Finding("posting-hours", BLOCK, message, policy_text.HOURS, data=data)]
    when = describe_moment(moment, window)
    message = (
        f"{when} is outside the posting window ({describe_window(window)}). Pick a reason (a school "
        f"event or urgent school news) or schedule it for {describe_moment(opens, window)}."
    )
    if reason:
        message = f"“{reason}” is not one of the out-of-hours reasons. " + message
    if given.ctx.trips:
        trip = given.ctx.trips[0]
        data.update(suggested_reason="trip", trip=trip.name)
        message += f" You are leading “{trip.name}”, so “{OUT_OF_HOURS_REASONS['trip']}” is ready to pick."
    return [Finding("posting-hours", BLOCK, message, policy_text.HOURS, data=data)]


def empty(given: RuleInput) -> list[Finding]:
    if given.draft.text.strip() or given.draft.photo_count > 0:
        return []
    message = "The post is empty: write something or add a photo."
    return [Finding("empty", BLOCK, message, policy_text.POSITIVE)]


def length(given: RuleInput) -> list[Finding]:
    """Too long for X (weighted, 280) or for Facebook (63,206 characters)."""
    text, channels = given.draft.text, given.draft.channels
    findings = []
    if "x" in channels and text:
        weighted = x_weighted_length(text)
        if weighted > X_MAX_WEIGHTED_LENGTH:
            message = (
                f"This is {weighted} characters as X counts them (a link counts 23, an emoji 2); X allows "
                f"{X_MAX_WEIGHTED_LENGTH}. Cut {weighted - X_MAX_WEIGHTED_LENGTH}, or post to Facebook only."
            )
            data = {"length": weighted, "limit": X_MAX_WEIGHTED_LENGTH, "channel": "x"}
            span = ((x_fits_up_to(text), len(text)),)
            findings.append(Finding("length", BLOCK, message, policy_text.TWEET_LENGTH, span, data))
    if "facebook" in channels and len(text) > FACEBOOK_MAX_CHARACTERS:
        message = f"Facebook allows {FACEBOOK_MAX_CHARACTERS:,} characters; this is {len(text):,}. Shorten it."
        data = {"length": len(text), "limit": FACEBOOK_MAX_CHARACTERS, "channel": "facebook"}
        span = ((FACEBOOK_MAX_CHARACTERS, len(text)),)
        findings.append(Finding("length", BLOCK, message, policy_text.POSITIVE, span, data))
    return findings


def offensive(given: RuleInput) -> list[Finding]:
    findings = []
    hits = offensive_findings(given.draft.text)
    if hits:
        words = list(dict.fromkeys(hit.word for hit in hits))
        message = (
            f"{quoted_list(words)} is not suitable language for the school's accounts. Reword it; the "
            "policy counts offensive language as inappropriate content."
        )
        findings.append(Finding("offensive", BLOCK, message, policy_text.OFFENSIVE,
                                spans=tuple((hit.start, hit.end) for hit in hits)))
    for number, alt in enumerate(given.draft.alt_texts[: given.draft.photo_count], start=1):
        alt_hits = offensive_findings(alt)
        if alt_hits:
            words = list(dict.fromkeys(hit.word for hit in alt_hits))
            message = (f"The description of photo {number} has {quoted_list(words)}, which is not suitable "
                       "language for the school's accounts. Reword it.")
            findings.append(Finding("offensive", BLOCK, message, policy_text.OFFENSIVE,
                                    data={"field": "alt_text", "photo": number}))
    return findings


def broadcast_only(given: RuleInput) -> list[Finding]:
    match = _REPLY.match(given.draft.text)
    if not match:
        return []
    handle = match.group().strip()
    start = match.end() - len(handle)
    message = (
        f"A post that starts with {handle} is a reply, and the school accounts never reply. Start with "
        f"a word instead (e.g. “Thank you {handle} for…”), or remove the handle."
    )
    return [Finding("broadcast-only", BLOCK, message, policy_text.REPLIES, spans=((start, match.end()),))]


def alt_text(given: RuleInput) -> list[Finding]:
    draft = given.draft
    missing = [
        number
        for number in range(1, draft.photo_count + 1)
        if number > len(draft.alt_texts) or not draft.alt_texts[number - 1].strip()
    ]
    if not missing:
        return []
    if draft.photo_count == 1:
        which, verb = "The photo", "has"
    elif len(missing) == draft.photo_count:
        which, verb = "The photos", "have"
    else:
        which = ("Photo " if len(missing) == 1 else "Photos ") + ", ".join(str(n) for n in missing)
        verb = "has" if len(missing) == 1 else "have"
    message = (
        f"{which} {verb} no description. Add a short one (what is happening, no names) so people "
        "using screen readers can follow, or tick to post without."
    )
    return [Finding("alt-text", CONFIRM, message, policy_text.RESPONSIBLE, data={"photos": missing})]


def link_cost(given: RuleInput) -> list[Finding]:
    if "x" not in given.draft.channels:
        return []
    spans = url_spans(given.draft.text)
    if not spans:
        return []
    message = (
        "X charges the school far more for a post with a link. Leave the link to Facebook and untick X, "
        "or tick to post it on X anyway."
    )
    return [Finding("link-cost", CONFIRM, message, policy_text.ZERO_COST, spans=tuple(spans))]
