"""Rules about children: names with photos, full names, targeted praise, photo consent."""

from __future__ import annotations

from app.policy import policy_text
from app.policy.inputs import RuleInput, quoted_list
from app.policy.model import BLOCK, CONFIRM, Finding
from app.policy.targeting import targeted_spans


def names_with_photo(given: RuleInput) -> list[Finding]:
    if given.draft.photo_count <= 0:
        return []
    findings = []
    blocks = [hit for hit in given.scan.hits if hit.severity == BLOCK]
    maybes = [hit for hit in given.scan.hits if hit.severity == CONFIRM]
    if blocks:
        words = list(dict.fromkeys(hit.text for hit in blocks))
        findings.append(
            Finding(
                rule="names-with-photo",
                severity=BLOCK,
                policy=policy_text.NAMES,
                message=(
                    f"This post has a photo, so it can't name any child. Remove {quoted_list(words)} "
                    "(pupils on the school roster), or post the words without the photo. If it is not a child "
                    "here (a place, a story), an admin can add the phrase to the allowlist."
                ),
                spans=tuple((hit.start, hit.end) for hit in blocks),
                data={"names": words},
            )
        )
    if maybes:
        words = list(dict.fromkeys(hit.text for hit in maybes))
        findings.append(
            Finding(
                rule="names-with-photo",
                severity=CONFIRM,
                policy=policy_text.NAMES,
                message=(
                    f"{quoted_list(words)} could be a child's name, and posts with a photo can't name "
                    "children. Remove it, or tick to confirm it is a place, a character or an adult."
                ),
                spans=tuple((hit.start, hit.end) for hit in maybes),
                data={"names": words},
            )
        )
    return findings + _names_in_descriptions(given)


def _names_in_descriptions(given: RuleInput) -> list[Finding]:
    """Photo descriptions (alt text) are published with the photo, so the same rule applies to them."""
    findings = []
    for number, scan in given.alt_scans:
        hits = [*scan.hits, *scan.full_names]
        for severity in (BLOCK, CONFIRM):
            words = list(dict.fromkeys(hit.text for hit in hits if hit.severity == severity))
            if not words:
                continue
            if severity == BLOCK:
                message = (f"The description of photo {number} names {quoted_list(words)} (pupils on the school "
                           "roster). Descriptions are published with the photo: describe what is happening, "
                           "without names.")
            else:
                message = (f"The description of photo {number} has {quoted_list(words)}, which could be a "
                           "child's name. Remove it, or tick to confirm it is a place, a character or an adult.")
            findings.append(Finding(rule="names-with-photo", severity=severity, policy=policy_text.NAMES,
                                    message=message, spans=(),
                                    data={"names": words, "field": "alt_text", "photo": number}))
    return findings


def full_name(given: RuleInput) -> list[Finding]:
    findings = []
    for severity in (BLOCK, CONFIRM):
        hits = [hit for hit in given.scan.full_names if hit.severity == severity]
        if not hits:
            continue
        words = list(dict.fromkeys(hit.text for hit in hits))
        if severity == BLOCK:
            message = (
                f"{quoted_list(words)} is a pupil's full name. Use the first name only "
                "(and no name at all if there is a photo)."
            )
        else:
            message = (
                f"{quoted_list(words)} looks like a first name and surname. If it is a child, use the "
                "first name only; tick to confirm it is an adult, a character or a place."
            )
        findings.append(
            Finding(
                rule="full-name",
                severity=severity,
                message=message,
                policy=policy_text.NAMES,
                spans=tuple((hit.start, hit.end) for hit in hits),
                data={"names": words},
            )
        )
    return findings


def targeted(given: RuleInput) -> list[Finding]:
    """Praise, criticism or wishes aimed at one named child: never posted, with or without a photo."""
    text = given.draft.text
    spans = targeted_spans(text, given.scan, given.ctx.names)
    if not spans:
        return []
    phrases = list(dict.fromkeys(text[s:e] for s, e in spans))
    return [
        Finding(
            rule="targeted",
            severity=BLOCK,
            policy=policy_text.TARGETED,
            message=(
                f"{quoted_list(phrases)} is aimed at one child, and the policy does not allow that. Its example "
                "of what not to post is “Well done Josh a better lesson today”: celebrate the class or the group "
                "instead, without singling out a child."
            ),
            spans=tuple(spans),
            data={"phrases": phrases},
        )
    ]


def consent(given: RuleInput) -> list[Finding]:
    if given.draft.photo_count <= 0:
        return []
    classes = {name.strip().lower() for trip in given.ctx.trips for name in trip.classes}
    classes |= {name.strip().lower() for name in given.ctx.classes}
    missing = sorted(
        {
            pupil.display_name
            for pupil in given.ctx.roster
            if not pupil.photo_consent and pupil.class_name.strip().lower() in classes
        }
    )
    message = (
        "Confirm that every child who can be clearly recognised in the photos has permission from a "
        "parent, guardian or carer."
    )
    if missing:
        message += f" On your trip, these pupils have no photo permission: {', '.join(missing)}"
    return [
        Finding(
            rule="consent",
            severity=CONFIRM,
            message=message,
            policy=policy_text.CONSENT,
            data={"pupils": missing},
        )
    ]
