"""Two-word names and names inside hashtags: "Georgia Windsor" (a pupil's full name), #WellDoneSophie."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.policy.model import BLOCK, CONFIRM
from app.policy.name_calendar import CALENDAR, CALENDAR_AFTER
from app.policy.name_cues import TARGETING
from app.policy.name_words import PLACE_AFTER, PLACE_BEFORE, SCHOOL_WORDS, TITLES, known_places
from app.policy.tokens import Token, fold, joined_by_space, possessive_before

if TYPE_CHECKING:
    from app.policy.names import NameIndex

@dataclass(frozen=True)
class NameHit:
    start: int
    end: int
    text: str
    severity: str  # BLOCK: a roster name; CONFIRM: possibly a name
    pupils: tuple[int, ...]  # indices into NameIndex.pupils; empty for list-only names


@dataclass(frozen=True)
class NameScan:
    tokens: tuple[Token, ...]
    hits: tuple[NameHit, ...]  # single names, for names-with-photo
    full_names: tuple[NameHit, ...]  # first name + surname, for full-name
    skipped: frozenset[int]  # token positions that are staff, groups, places or allowlisted


TAG_PRAISE = re.compile(rf"(?:{TARGETING.pattern})\s+$", re.IGNORECASE)
# A hashtag or handle in parts: #WellDoneSophie -> Well, Done, Sophie.
_TAG_PART = re.compile(r"[A-Z][a-z]+(?:'[a-z]+)?|[a-z]+(?:'[a-z]+)?|[A-Z]+(?![a-z])")


def tag_hits(index: NameIndex, token: Token, hashtag: bool) -> tuple[list[NameHit], list[NameHit]]:
    """Names inside #WellDoneSophie or @SophieEvans. A roster name blocks; in a hashtag, a name that is only
    in the UK list asks for a tick. A part followed by a place word (#RoseGarden) is a place."""
    parts = [(token.start + m.start(), token.start + m.end(), m.group().lower())
             for m in _TAG_PART.finditer(fold(token.text))]
    hits: list[NameHit] = []
    full_names: list[NameHit] = []
    for at, (start, end, key) in enumerate(parts):
        following = parts[at + 1][2] if at + 1 < len(parts) else ""
        if len(key) < 2 or following in PLACE_AFTER or (key in CALENDAR and following in CALENDAR_AFTER):
            continue  # #RoseGarden, #SummerFair
        text = token.text[start - token.start : end - token.start]
        pupils = index.roster_pupils(key)
        if pupils:
            shared = index.first_keys.get(key, frozenset()) & index.surname_keys.get(following, frozenset())
            if shared:
                following_end = parts[at + 1][1]
                full_names.append(NameHit(start, following_end, token.text[start - token.start :
                                                                           following_end - token.start],
                                          BLOCK, tuple(sorted(shared))))
            first_name = key in index.first_keys
            praised = bool(TAG_PRAISE.search(" ".join(part[2] for part in parts[:at]) + " "))  # #WellDoneHope
            severity = CONFIRM if (key in index.words and len(parts) > 1 and not praised) or not first_name else BLOCK
            hits.append(NameHit(start, end, text, severity, tuple(sorted(pupils))))
        elif hashtag and key in index.uk_names and key not in index.words and key not in SCHOOL_WORDS:
            hits.append(NameHit(start, end, text, CONFIRM, ()))
    return hits, full_names


def full_names(index: NameIndex, tokens: tuple[Token, ...], skipped: set[int]) -> list[NameHit]:
    found: list[NameHit] = []
    for position in range(len(tokens) - 1):
        first, second = tokens[position], tokens[position + 1]
        if position in skipped or position + 1 in skipped or not joined_by_space(second.gap_before):
            continue
        if possessive_before(first, second):
            continue  # "St David's Day", "St Mary's Loch": not David Day or Mary Loch
        both_lower = not first.capitalised and not second.capitalised
        first_of = index.first_keys.get(first.key, frozenset())
        shared = first_of & index.surname_keys.get(second.key, frozenset())
        if shared and not (both_lower and (first.key in index.words or second.key in index.words)):
            found.append(
                NameHit(first.start, second.end, f"{first.text} {second.text}", BLOCK, tuple(sorted(shared)))
            )
        elif looks_like_full_name(index, first, second) and not _named_thing_after(index, tokens, position + 2) and (
            f"{first.key} {second.key}" not in known_places()  # "Hong Kong", "Milton Keynes"
        ):
            found.append(NameHit(first.start, second.end, f"{first.text} {second.text}", CONFIRM, ()))
    return found



# Hindu, Sikh and Tamil festivals and practices named after a god or a month: "Ganesh Chaturthi", "Thai Pongal".
FESTIVALS = frozenset("puja pooja chaturthi navami jayanti pongal namaskar purnima ashtami mela utsav".split())
# "the Jackie Milburn statue", "Sultan Ahmed Mosque", "the Walter Tull Cup": something named after someone.
MEMORIALS = frozenset("statue statues memorial mural plaque trophy cup shield trail lecture award prize".split())


def _named_thing_after(index: NameIndex, tokens: tuple[Token, ...], position: int) -> bool:
    """ "the Jackie Milburn statue", "Blair Drummond Safari Park": a third word makes the pair part of a name."""
    if position >= len(tokens) or not joined_by_space(tokens[position].gap_before):
        return False
    after = tokens[position]
    if after.key in MEMORIALS or (after.key in PLACE_AFTER and after.capitalised):
        return True
    return after.capitalised and not (after.all_caps or after.sentence_start or index.is_known_first_name(after))


def looks_like_full_name(index: NameIndex, first: Token, second: Token) -> bool:
    """A known first name followed by a capitalised word that is not an everyday word."""
    if not (first.capitalised and second.capitalised) or len(second.key) < 2 or second.all_caps:
        return False
    known_first = first.key in index.first_keys or (first.key in index.uk_names and first.key not in index.words)
    if second.key in PLACE_AFTER or first.key in PLACE_BEFORE or second.key in FESTIVALS:
        return False  # "Windsor Castle", "River Severn", "Durga Puja"
    surname_like = second.key in index.surname_keys or (
        second.key not in index.words and second.key not in PLACE_AFTER and second.key not in TITLES
    )
    return known_first and surname_like
