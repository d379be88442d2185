"""Months and seasons that are also children's names: "3rd May", "in June", "Summer term", "April showers"."""

from __future__ import annotations

import re

from app.policy.tokens import Token

CALENDAR = frozenset("may june april august summer autumn winter spring".split())
CALENDAR_BEFORE = frozenset(
    """in this next last until till since during of early late mid by from before after over throughout each
    every end our the""".split()
)
CALENDAR_AFTER = frozenset(
    """term half holiday holidays fair fayre fete concert show camp club festival bank day days week
    weeks time break reading sun sunshine weather trip disco ball production play residential sports
    fun showers shower fool fools pole morning mornings evening evenings afternoon night nights sky skies
    blossom frost rain sunset sunrise solstice equinox leaves colours timetable calendar newsletter""".split()
)
_DATE_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?\s*$")
_DATE_AFTER = re.compile(r"\s*\d")
# "Autumn is here", "Summer has arrived", "Summer's here": the season, not a child.
_SEASON_ARRIVES = re.compile(
    r"(?:\s+(?:is|has)|['’]s)\s+(?:finally\s+|now\s+|officially\s+)?(?:here|coming|nearly\s+here|almost\s+here|over|upon\s+us|"
    r"on\s+its\s+way|arrived)\b",
    re.IGNORECASE,
)


# "June is a busy month", "April is Autism Acceptance Month", "August was hot": a month as the subject of a
# sentence about the calendar or the weather.
_MONTH_TALK = re.compile(
    r"\s+(?:is|was|will\s+be|has\s+been)\b[^.!?\n]*?\b(?:month|term|calendar|holidays?|weather|rain|rainy|wet|"
    r"sunny|awareness)\b",
    re.IGNORECASE,
)


# "booked for June", "moved to May", "planned for April": a date after a word about arranging things.
_ARRANGED = re.compile(
    r"\b(?:booked|planned|arranged|scheduled|moved|postponed|put\s+back|brought\s+forward|pencilled\s+in|set|"
    r"due|delayed|organised|coming\s+up)\s+(?:for|to|until|till|on|in)\s+(?:early\s+|late\s+|mid-?\s*)?$",
    re.IGNORECASE,
)


_HIS_HER_SOON = re.compile(r"\s+(?:[\w']+\s+)?(?:her|his)\b", re.IGNORECASE)


# Short month names that are also names ("Weds 11th Dec", "Jan 6th"): only a month right beside a date.
SHORT_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_DAY_DATE_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s*$")


def calendar_word(text: str, token: Token, previous: Token | None, following: Token | None) -> bool:
    if token.key in SHORT_MONTHS:
        return bool(_DAY_DATE_BEFORE.search(text, 0, token.start) or re.match(r"\s*\d{1,2}(?:st|nd|rd|th)?\b",
                                                                             text[token.end:]))
    if token.key not in CALENDAR:
        return False
    if previous is not None and previous.key in CALENDAR_BEFORE:
        return True
    if previous is not None and previous.key == "it" and not _HIS_HER_SOON.match(text, token.end):
        return True  # "It's Summer!", "It's May at last" (but "It's Summer with her lamb")
    if following is not None and following.key in CALENDAR_AFTER:
        return True
    return bool(_DATE_BEFORE.search(text, 0, token.start) or _DATE_AFTER.match(text, token.end)
                or _SEASON_ARRIVES.match(text, token.end)
                or _MONTH_TALK.match(text, token.end) or _ARRANGED.search(text, 0, token.start))

