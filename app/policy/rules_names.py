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
    """Photo consent. With the face check's counts for every photo, the question names them; when every face
    found was blurred it is not asked at all (a face the detector missed is the teacher's to blur by tap)."""
    draft = given.draft
    if draft.photo_count <= 0:
        return []
    class_names = sorted({name.strip() for trip in given.ctx.trips for name in trip.classes if name.strip()}
                         | {name.strip() for name in given.ctx.classes if name.strip()})
    classes = {name.lower() for name in class_names}
    missing = sorted(
        {
            pupil.display_name
            for pupil in given.ctx.roster
            if not pupil.photo_consent and pupil.class_name.strip().lower() in classes
        }
    )
    counts = draft.faces if len(draft.faces) == draft.photo_count and all(draft.faces) else None
    data: dict = {"pupils": missing}
    if counts is not None:
        found = sum(f[0] for f in counts)
        blurred = sum(min(f[1], f[0]) for f in counts)
        if found > 0 and blurred >= found:
            return []
        data.update(faces_found=found, faces_blurred=blurred)
        message = f"{found} face{'' if found == 1 else 's'} visible, {blurred} blurred."
        if missing:
            names = ", ".join(missing)
            message += (f" Pupils in {'/'.join(class_names)} without photo consent: {names}"
                        f"{'' if names.endswith('.') else '.'} Confirm none of them can be recognised in a face "
                        "left clear, or blur it.")
        else:
            message += (" Confirm that every child who can be clearly recognised has photo consent from a parent, "
                        "guardian or carer.")
    else:
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
            data=data,
        )
    ]
