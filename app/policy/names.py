"""Children's names in a caption: roster names (block), names only in the UK first-name list (confirm).

NameIndex is built once per roster/allowlist change; `scan(text)` is then a single pass over the words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from app.policy.model import BLOCK, CONFIRM, RosterPupil
from app.policy.name_context import PERSON, THING, place_names, read_role
from app.policy.tokens import Token, fold, joined_by_space, tokenize

TITLES = frozenset("mr mrs miss ms mx dr coach sir madam rev revd prof professor mister".split())
# Titles that are also ordinary words: "the coach home", "miss the bus" are not staff names.
_LOWER_TITLES = frozenset("coach miss sir".split())
# "Class Willow", "Team Phoenix", "House Rose": the word after these names a group, not a child.
GROUP_WORDS = frozenset("class year team house group form set".split())
# "Willow Class", "Chester Zoo", "Lake Windermere": a place or a group, not a child.
PLACE_AFTER = frozenset(
    """class group house team zoo museum castle park road street lane hall abbey farm centre center beach bay
    cathedral church chapel school primary academy college fc united city rovers town gardens garden wood
    woods forest hill island bridge station theatre library tower palace manor court pier stadium
    arena""".split()
)
PLACE_BEFORE = frozenset("lake mount river loch port fort st saint cape isle lord lady".split())
# A name only in the UK list right after these is a place: "the Great Fire of London", "a trip to Ely".
PLACE_WORDS_BEFORE = frozenset("of to in at from into near via about visiting visited".split())
# Months and seasons that are also names: "3rd May", "in June", "Summer term".
CALENDAR = frozenset("may june april august summer autumn winter spring".split())
CALENDAR_BEFORE = frozenset(
    """in this next last until till since during of early late mid by from before after over throughout each
    every end our the""".split()
)
CALENDAR_AFTER = frozenset(
    """term half holiday holidays fair fayre fete concert show camp club festival bank day days week
    weeks time break reading sun sunshine weather trip disco ball production play residential sports
    fun""".split()
)
# "Hope you all...", "Will you join us", "May we remind", "Mark your diaries": a verb, not a name.
VERB_NAMES = frozenset("hope will may mark bill rose drew grant chase miles".split())
VERB_NEXT = frozenset(
    """you everyone all we they to the your our this that it he she be not have see need find bring come enjoy
    join everybody""".split()
)
# Well-known characters, people and things whose names are also children's names: never a pupil.
BUILT_IN_PHRASES = (
    "union jack", "jack and the beanstalk", "jack frost", "jack-o'-lantern", "jack in the box", "robin hood",
    "peter pan", "peter rabbit", "little red riding hood", "goldilocks and the three bears", "grace darling",
    "florence nightingale", "harry potter", "paddington bear", "winnie the pooh", "alice in wonderland",
    "matilda the musical", "james and the giant peach", "charlie and the chocolate factory", "king arthur",
    "queen victoria", "king charles", "queen elizabeth", "mary seacole", "bloody mary", "st george",
)
# A hashtag or handle in parts: #WellDoneSophie -> Well, Done, Sophie.
_TAG_PART = re.compile(r"[A-Z][a-z]+(?:'[a-z]+)?|[a-z]+(?:'[a-z]+)?|[A-Z]+(?![a-z])")
_DATE_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?\s*$")
_DATE_AFTER = re.compile(r"\s*\d")
# "Autumn is here", "Summer has arrived": the season, not a child.
_SEASON_ARRIVES = re.compile(
    r"\s+(?:is|has)\s+(?:here|coming|nearly\s+here|almost\s+here|finally\s+here|over|upon\s+us|on\s+its\s+way|arrived)\b",
    re.IGNORECASE,
)
_CLASS_NEXT = re.compile(
    r"(?:'s|’s)?\s*[(,\-–]?\s*(?:in|from|of)?\s*(?:year\s*\d+|yr\s*\d|y\d\b|\d\s?[a-z]\b|reception\b|class\s+\w)",
    re.IGNORECASE,
)


@cache
def uk_first_names() -> frozenset[str]:
    """Lower-case, accent-folded names from the shipped UK list (ONS/NRS/NISRA via ukbabynames)."""
    text = files("app.policy").joinpath("data/uk_first_names.txt").read_text(encoding="utf-8")
    return frozenset(fold(line).lower() for line in text.split() if len(line) > 1)


# Words school news uses as ordinary words although the UK list has them as names.
SCHOOL_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday roman romans tudor tudors viking vikings saxon
    saxons norman normans victorian victorians celt celts egyptian egyptians greek greeks easter christmas
    diwali eid""".split()
)


@cache
def everyday_words() -> frozenset[str]:
    """Lower-case English words (SCOWL): names that are also these are judged by context."""
    text = files("app.policy").joinpath("data/everyday_words.txt").read_text(encoding="utf-8")
    return frozenset(text.split()) | SCHOOL_WORDS


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


def _name_keys(name: str) -> set[str]:
    """ "Smith-Jones" -> {"smith-jones", "smith", "jones"}; particles like "de" and "van" are left out."""
    keys: set[str] = set()
    for word in fold(name).replace("’", "'").split():
        if word[:1].isupper() or len(word) > 3:
            keys.add(word.lower())
        for part in word.split("-"):
            if len(part) > 1 and (part[:1].isupper() or len(part) > 3):
                keys.add(part.lower())
    return keys


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    cleaned = sorted({fold(p).strip().replace("’", "'") for p in phrases if p.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    body = "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in cleaned)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


class NameIndex:
    """Everything name-related that can be prepared ahead of a check."""

    def __init__(
        self,
        pupils: tuple[RosterPupil, ...],
        first_keys: dict[str, frozenset[int]],
        surname_keys: dict[str, frozenset[int]],
        allowlist: re.Pattern[str] | None,
        classes: tuple[str, ...] = (),
    ) -> None:
        self.pupils = pupils
        self.first_keys = first_keys
        self.surname_keys = surname_keys
        self.allowlist = allowlist
        names = "|".join(re.escape(c) for c in sorted(classes, key=len, reverse=True))
        self.class_keys = frozenset(fold(c).lower() for c in classes)
        self.class_pattern = re.compile(rf"\s*[(,\-–]?\s*(?:in|from|of)?\s*(?:{names})\b", re.I) if names else None
        self.uk_names = uk_first_names()
        self.words = everyday_words()

    @classmethod
    def build(cls, roster: Sequence[RosterPupil], allowlist: Sequence[str]) -> NameIndex:
        first: dict[str, set[int]] = {}
        surname: dict[str, set[int]] = {}
        classes: set[str] = set()
        for index, pupil in enumerate(roster):
            for key in _name_keys(pupil.legal_forename) | _name_keys(pupil.preferred_forename):
                first.setdefault(key, set()).add(index)
            for key in _name_keys(pupil.surname):
                surname.setdefault(key, set()).add(index)
            if pupil.class_name.strip():
                classes.add(pupil.class_name.strip())
        # A class called "Willow" is a group: "Willow class" and "Class Willow" are never a child.
        class_phrases = [f"{c} class" for c in classes] + [f"class {c}" for c in classes]
        return cls(
            pupils=tuple(roster),
            first_keys={k: frozenset(v) for k, v in first.items()},
            surname_keys={k: frozenset(v) for k, v in surname.items()},
            allowlist=_phrase_pattern([*allowlist, *class_phrases, *BUILT_IN_PHRASES]),
            classes=tuple(sorted(classes)),
        )

    # -- scanning -------------------------------------------------------------------------------------

    def scan(self, text: str) -> NameScan:
        tokens = tuple(tokenize(text))
        skipped, tags = self._skipped(text, tokens)
        hits: list[NameHit] = []
        full_names = self._full_names(tokens, skipped)
        for position, token in enumerate(tokens):
            if position in tags:
                tag_hits, tag_full_names = self._tag_hits(token, hashtag=token.gap_before.endswith("#"))
                hits.extend(tag_hits)
                full_names.extend(tag_full_names)
                continue
            if position in skipped or len(token.key) < 2:
                continue
            hit = self._judge(text, tokens, position)
            if hit is not None:
                hits.append(hit)
        return NameScan(tokens, tuple(hits), tuple(full_names), frozenset(skipped))

    def _tag_hits(self, token: Token, hashtag: bool) -> tuple[list[NameHit], list[NameHit]]:
        """Names inside #WellDoneSophie or @SophieEvans. A roster name blocks; in a hashtag, a name that is only
        in the UK list asks for a tick. A part followed by a place word (#RoseGarden) is a place."""
        parts = [(token.start + m.start(), token.start + m.end(), m.group().lower())
                 for m in _TAG_PART.finditer(fold(token.text))]
        hits: list[NameHit] = []
        full_names: list[NameHit] = []
        for index, (start, end, key) in enumerate(parts):
            following = parts[index + 1][2] if index + 1 < len(parts) else ""
            if len(key) < 2 or following in PLACE_AFTER:
                continue
            text = token.text[start - token.start : end - token.start]
            pupils = self.roster_pupils(key)
            if pupils:
                shared = self.first_keys.get(key, frozenset()) & self.surname_keys.get(following, frozenset())
                if shared:
                    following_end = parts[index + 1][1]
                    full_names.append(NameHit(start, following_end, token.text[start - token.start :
                                                                               following_end - token.start],
                                              BLOCK, tuple(sorted(shared))))
                first_name = key in self.first_keys
                severity = CONFIRM if (key in self.words and len(parts) > 1) or not first_name else BLOCK
                hits.append(NameHit(start, end, text, severity, tuple(sorted(pupils))))
            elif hashtag and key in self.uk_names and key not in self.words and key not in SCHOOL_WORDS:
                hits.append(NameHit(start, end, text, CONFIRM, ()))
        return hits, full_names

    def roster_pupils(self, key: str) -> frozenset[int]:
        return self.first_keys.get(key, frozenset()) | self.surname_keys.get(key, frozenset())

    def is_known_first_name(self, token: Token) -> bool:
        """A roster first name (capitalised if it is also a word), or a capitalised UK-list name."""
        if token.key in self.first_keys and (token.capitalised or token.key not in self.words):
            return True
        return token.capitalised and token.key in self.uk_names

    def _skipped(self, text: str, tokens: tuple[Token, ...]) -> tuple[set[int], set[int]]:
        """Positions that are not a child (staff, groups, allowlisted phrases), and hashtags/handles to split."""
        skipped: set[int] = set()
        tags: set[int] = set()
        covered: list[tuple[int, int]] = []
        if self.allowlist is not None:
            covered = [m.span() for m in self.allowlist.finditer(fold(text))]
        for position, token in enumerate(tokens):
            if covered and any(s < token.end and token.start < e for s, e in covered):
                skipped.add(position)
            elif token.gap_before.endswith(("#", "@")):
                skipped.add(position)  # not a plain word: judged in parts by _tag_hits
                tags.add(position)
            if token.key in TITLES:
                skipped.add(position)
                # "Mrs Patel", "Mr. Smith-Jones", "Coach Sam Jones": up to two following names are staff.
                for follower in range(position + 1, min(position + 3, len(tokens))):
                    nxt = tokens[follower]
                    gap_ok = nxt.gap_before.strip() in ("", ".")
                    if not gap_ok or (not nxt.capitalised and (follower > position + 1 or token.key in _LOWER_TITLES)):
                        break
                    skipped.add(follower)
            elif token.key in GROUP_WORDS and position + 1 < len(tokens):
                nxt = tokens[position + 1]
                if nxt.capitalised and joined_by_space(nxt.gap_before):
                    skipped.add(position + 1)
        return skipped, tags

    def _judge(self, text: str, tokens: tuple[Token, ...], position: int) -> NameHit | None:
        token = tokens[position]
        previous = tokens[position - 1] if position > 0 else None
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        near_previous = previous is not None and joined_by_space(token.gap_before)
        near_following = following is not None and joined_by_space(following.gap_before)
        if self._calendar_word(text, token, previous if near_previous else None, following if near_following else None):
            return None
        key, everyday = token.key, token.key in self.words
        if everyday and key in VERB_NAMES and near_following and following.key in VERB_NEXT:
            return None
        first_of = self.first_keys.get(key, frozenset())
        if not first_of and key not in self.surname_keys and (not token.capitalised or key not in self.uk_names):
            return None
        if near_previous and previous.key in PLACE_BEFORE:
            role = THING  # Lake Victoria, Isle of Skye, Port Douglas
        elif near_following and following.key in PLACE_AFTER and (following.capitalised or not first_of):
            role = THING  # Windsor Castle, Willow class
        else:
            role = read_role(text, tokens, position, is_name=self.is_name, is_surname_of=self.is_surname_of,
                             is_pupil=lambda t: t.key in self.first_keys,
                             class_next=lambda at: self.class_next(text, tokens[at]),
                             thing_word=everyday or key in place_names() or not first_of)
        if first_of:
            return self._roster_first_name(token, role, everyday, first_of)
        if key in self.surname_keys:  # a surname alone is not a child's name: at most a question
            if role == THING or everyday or not token.capitalised or key in place_names():
                return None
            return self._hit(token, CONFIRM, self.surname_keys[key])
        if key in SCHOOL_WORDS or role == THING or key in place_names() or (
            near_previous and previous.key in PLACE_WORDS_BEFORE
        ):
            return None
        if near_previous and previous.capitalised and self.is_name(previous) and not token.sentence_start:
            return None  # the second word of "Sydney Harbour" or "Georgia Smith": the full-name rule asks
        if everyday and role != PERSON and (token.sentence_start or token.all_caps):
            return None
        return self._hit(token, CONFIRM)

    def _roster_first_name(self, token: Token, role: str, everyday: bool, pupils: frozenset[int]) -> NameHit | None:
        if role == PERSON:
            if everyday and not token.capitalised and not token.sentence_start:
                return None  # "we will have", "the sun rose over"
            return self._hit(token, BLOCK, pupils)
        if role == THING:
            return None
        if everyday:
            if not token.capitalised:
                return None
            if token.sentence_start or token.all_caps:
                return self._hit(token, CONFIRM, pupils)
        return self._hit(token, BLOCK, pupils)

    def is_name(self, token: Token) -> bool:
        """Could this word be someone's first name (for lists: "Georgia, Lily and Sydney")?"""
        if token.key in self.first_keys:
            return token.capitalised or token.key not in self.words
        return token.capitalised and token.key in self.uk_names and token.key not in SCHOOL_WORDS

    def is_surname_of(self, first: Token, second: Token) -> bool:
        return bool(self.first_keys.get(first.key, frozenset()) & self.surname_keys.get(second.key, frozenset()))

    def class_next(self, text: str, token: Token) -> bool:
        """ "Sydney in 6B", "Lily (Year 4)", "Skye, 5C": a class right after the name."""
        return bool(_CLASS_NEXT.match(text, token.end)) or (
            self.class_pattern is not None and bool(self.class_pattern.match(text, token.end))
        )

    @staticmethod
    def _calendar_word(text: str, token: Token, previous: Token | None, following: Token | None) -> bool:
        if token.key not in CALENDAR:
            return False
        if previous is not None and previous.key in CALENDAR_BEFORE:
            return True
        if following is not None and following.key in CALENDAR_AFTER:
            return True
        return bool(_DATE_BEFORE.search(text, 0, token.start) or _DATE_AFTER.match(text, token.end)
                    or _SEASON_ARRIVES.match(text, token.end))

    @staticmethod
    def _hit(token: Token, severity: str, pupils: frozenset[int] = frozenset()) -> NameHit:
        return NameHit(token.start, token.end, token.text, severity, tuple(sorted(pupils)))

    def _full_names(self, tokens: tuple[Token, ...], skipped: set[int]) -> list[NameHit]:
        found: list[NameHit] = []
        for position in range(len(tokens) - 1):
            first, second = tokens[position], tokens[position + 1]
            if position in skipped or position + 1 in skipped or not joined_by_space(second.gap_before):
                continue
            both_lower = not first.capitalised and not second.capitalised
            first_of = self.first_keys.get(first.key, frozenset())
            shared = first_of & self.surname_keys.get(second.key, frozenset())
            if shared and not (both_lower and (first.key in self.words or second.key in self.words)):
                found.append(
                    NameHit(first.start, second.end, f"{first.text} {second.text}", BLOCK, tuple(sorted(shared)))
                )
            elif self._looks_like_full_name(first, second):
                found.append(NameHit(first.start, second.end, f"{first.text} {second.text}", CONFIRM, ()))
        return found

    def _looks_like_full_name(self, first: Token, second: Token) -> bool:
        """A known first name followed by a capitalised word that is not an everyday word."""
        if not (first.capitalised and second.capitalised) or len(second.key) < 2 or second.all_caps:
            return False
        known_first = first.key in self.first_keys or (first.key in self.uk_names and first.key not in self.words)
        if second.key in PLACE_AFTER:
            return False
        surname_like = second.key in self.surname_keys or (
            second.key not in self.words and second.key not in PLACE_AFTER and second.key not in TITLES
        )
        return known_first and surname_like
