"""Children's names in a caption: roster names (block), names only in the UK first-name list (confirm).

NameIndex is built once per roster/allowlist change; `scan(text)` is then a single pass over the words.
Word lists are in name_words, months in name_calendar, full names and hashtags in name_pairs, and whether
a word is a person where it stands in name_context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from app.policy import name_pairs
from app.policy.model import BLOCK, CONFIRM, RosterPupil
from app.policy.name_calendar import CALENDAR, calendar_word
from app.policy.name_context import PERSON, THING, UNSURE, read_role
from app.policy.name_cues import ADULT_ROLES, DETERMINERS, FUNCTION_WORDS, ING_NOUNS, PERSON_BEFORE, TARGET_FILLERS
from app.policy.name_famous import famous_positions
from app.policy.name_neighbours import is_verb, whole_list
from app.policy.name_pairs import NameHit, NameScan
from app.policy.name_shapes import object_next, pupils_listed_doing
from app.policy.name_words import (
    BUILT_IN_PHRASES,
    GROUP_WORDS,
    LOWER_TITLES,
    PLACE_AFTER,
    PLACE_BEFORE,
    PLACE_WORDS_BEFORE,
    SCHOOL_WORDS,
    TITLES,
    VERB_NAMES,
    VERB_NEXT,
    everyday_words,
    famous_names,
    name_keys,
    not_pupils,
    phrase_pattern,
    place_names,
    uk_first_names,
)
from app.policy.tokens import Token, fold, joined_by_space, possessive_before, tokenize

_CLASS_NEXT = re.compile(
    r"(?:'s|’s)?\s*[(,\-–]?\s*(?:in|from|of)?\s*(?:year\s*\d+|yr\s*\d|y\d\b|\d\s?[a-z]\b|reception\b|class\s+\w)",
    re.IGNORECASE,
)
# "St Cuthbert", "Prophet Yusuf": a figure from history or faith, not a child.
SAINTS = frozenset("st saint prophet".split())


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
            for key in name_keys(pupil.legal_forename) | name_keys(pupil.preferred_forename):
                first.setdefault(key, set()).add(index)
            for key in name_keys(pupil.surname):
                surname.setdefault(key, set()).add(index)
            if pupil.class_name.strip():
                classes.add(pupil.class_name.strip())
        # A class called "Willow" is a group: "Willow class" and "Class Willow" are never a child.
        class_phrases = [f"{c} class" for c in classes] + [f"class {c}" for c in classes]
        class_phrases += [c for c in classes if len(c.split()) > 1]  # "Y6 Sol", "Pine Martens": the class itself
        return cls(
            pupils=tuple(roster),
            first_keys={k: frozenset(v) for k, v in first.items()},
            surname_keys={k: frozenset(v) for k, v in surname.items()},
            allowlist=phrase_pattern(
                [*allowlist, *class_phrases, *BUILT_IN_PHRASES, *not_pupils(famous_names(), first, surname)]
            ),
            classes=tuple(sorted(classes)),
        )

    # -- scanning -------------------------------------------------------------------------------------

    def scan(self, text: str) -> NameScan:
        tokens = tuple(tokenize(text))
        lower_case = not any(char.isupper() for char in text)
        if lower_case:  # typed without capitals: a roster first name is judged by its context alone
            tokens = tuple(replace(t, capitalised=True) if t.key in self.first_keys else t for t in tokens)
        skipped, tags = self._skipped(text, tokens)
        hits: list[tuple[NameHit, str | None, str, int]] = []
        roles: dict[str, set[str | None]] = {}
        full_names = name_pairs.full_names(self, tokens, skipped)
        for position, token in enumerate(tokens):
            if position in tags:
                tag_hits, tag_full_names = name_pairs.tag_hits(self, token, hashtag=token.gap_before.endswith("#"))
                hits.extend((hit, None, token.key, position) for hit in tag_hits)
                full_names.extend(tag_full_names)
                continue
            if position in skipped or len(token.key) < 2:
                continue
            hit, role = self._judge(text, tokens, position)
            roles.setdefault(token.key, set()).add(role)
            if hit is not None and lower_case and hit.pupils and token.key in self.words:
                # "we made daisy chains" is not a child (but "storm and kit on the climbing frame" are two)
                doing = self._person_here(text, tokens, position) or pupils_listed_doing(
                    text, tokens, position, self._is_pupil)
                hit = hit if doing else None
            if hit is not None:
                hits.append((hit, role, token.key, position))
        # "Maya day in Year 5! ... Maya number puzzles": where the same name is a thing elsewhere in the caption
        # and nothing says a person here, it is that thing again (but "Tegid paddling in Llyn Tegid" is a child).
        kept = tuple(hit for hit, role, key, position in hits
                     if not (role == UNSURE and roles[key] & {THING, PERSON} == {THING}
                             and not _doing_next(tokens, position)))
        return NameScan(tokens, kept, tuple(full_names), frozenset(skipped))

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
        lower_case = not any(char.isupper() for char in text)
        famous = famous_positions(tokens, lower_case, self.first_keys, self.surname_keys)
        skipped.update(famous)  # "Robert Burns"
        skipped.update(at + 1 for at in famous if at + 1 < len(tokens) and at + 1 not in famous
                       and tokens[at + 1].capitalised and possessive_before(tokens[at], tokens[at + 1]))
        # (and the work after a famous name's possessive: "Jane Austen's Emma", "Roald Dahl's Matilda")
        for position, token in enumerate(tokens):
            if covered and any(s < token.end and token.start < e for s, e in covered):
                skipped.add(position)
            elif covered and position > 0 and token.capitalised and possessive_before(tokens[position - 1], token) and (
                any(e == tokens[position - 1].end for _, e in covered)
            ):
                skipped.add(position)  # "Jane Austen's Emma": the work after a well-known name's possessive
            elif token.gap_before.endswith(("#", "@")):
                skipped.add(position)  # not a plain word: judged in parts by _tag_hits
                tags.add(position)
            surname_here = position > 0 and joined_by_space(token.gap_before) and self.is_name(tokens[position - 1])
            if token.key in ADULT_ROLES and position + 1 < len(tokens) and token.key not in TITLES:
                nxt = tokens[position + 1]
                if nxt.capitalised and nxt.gap_before.strip() in ("", ",") and not nxt.sentence_start and (
                    not self.class_next(text, nxt)
                ):
                    skipped.add(position + 1)  # "our driver Noel", "groundsman Michael"
            if token.key in TITLES and not surname_here:  # (but "Jude Bishop", "Ava Parsons" are a pupil)
                skipped.add(position)
                # "Mrs Patel", "Mr. Smith-Jones", "Coach Sam Jones": up to two following names are staff.
                for follower in range(position + 1, min(position + 3, len(tokens))):
                    nxt = tokens[follower]
                    gap_ok = nxt.gap_before.strip() in ("", ".")
                    if not gap_ok or (not nxt.capitalised and (follower > position + 1 or token.key in LOWER_TITLES)):
                        break
                    skipped.add(follower)
            elif token.key in GROUP_WORDS and position + 1 < len(tokens):
                nxt = tokens[position + 1]
                if nxt.capitalised and joined_by_space(nxt.gap_before):
                    skipped.add(position + 1)
        # An adult or a saint named once with a title or a role ("Coach driver Noel ... thanks Noel!", "St
        # Cuthbert's Day ... how Cuthbert cared for") is that person where the name comes again later, unless a
        # class follows it there ("Noel in 6B"). Before it, it may be a child named after them ("Ibrahim and
        # Yusuf told the stories of Prophet Ibrahim and Prophet Yusuf").
        adults: dict[str, int] = {}
        for at, token in enumerate(tokens):
            if at > 0 and token.capitalised and token.key not in adults and (
                (at in skipped and tokens[at - 1].key in TITLES | ADULT_ROLES)
                or (tokens[at - 1].key in SAINTS and tokens[at - 1].capitalised)
            ):
                adults[token.key] = at
        for position, token in enumerate(tokens):
            if position > adults.get(token.key, len(tokens)) and token.capitalised and (
                not self.class_next(text, token)
            ):
                skipped.add(position)
        return skipped, tags

    def _judge(self, text: str, tokens: tuple[Token, ...], position: int) -> tuple[NameHit | None, str | None]:
        token = tokens[position]
        previous = tokens[position - 1] if position > 0 else None
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        near_previous = previous is not None and joined_by_space(token.gap_before)
        near_following = following is not None and joined_by_space(following.gap_before)
        if calendar_word(text, token, previous if near_previous else None, following if near_following else None):
            return None, None
        key, everyday = token.key, token.key in self.words
        if (everyday or token.sentence_start) and key in VERB_NAMES and near_following and following.key in VERB_NEXT:
            return None, None  # "Hope you all...", "Don your hats and scarves"
        first_of = self.first_keys.get(key, frozenset())
        if not first_of and key not in self.surname_keys and (not token.capitalised or key not in self.uk_names):
            return None, None
        if near_previous and previous.key in PLACE_BEFORE:
            role = THING  # Lake Victoria, Isle of Skye, Port Douglas
        elif near_following and following.key in PLACE_AFTER and (following.capitalised or not first_of):
            role = THING  # Windsor Castle, Willow class
        elif near_previous and previous.capitalised and key in PLACE_AFTER and token.capitalised and (
            not self.is_surname_of(previous, token)
        ):
            role = THING  # the Cove of "Hope Cove", the Bay of "Whitley Bay"
        else:
            role = read_role(text, tokens, position, is_name=self.is_name, is_surname_of=self.is_surname_of,
                             is_pupil=lambda t: t.key in self.first_keys,
                             class_next=lambda at: self.class_next(text, tokens[at]),
                             thing_word=everyday or key in place_names() or key in CALENDAR or not first_of,
                             classes=self.class_keys)
        if first_of and not token.capitalised and pupils_listed_doing(text, tokens, position, self._is_pupil):
            return self._hit(token, BLOCK, first_of), PERSON  # "storm and kit on the climbing frame"
        if first_of and not token.capitalised and any(
            m.key in self.first_keys and self.class_next(text, m) and text[m.end:].lstrip().startswith("(")
            for m in (token, *whole_list(tokens, position))
        ):
            return self._hit(token, BLOCK, first_of), PERSON  # "sunny and lucky (Year 1) on the bikes"
        if first_of:
            glued = near_previous and not previous.capitalised and not token.sentence_start and not (
                previous.key in FUNCTION_WORDS | DETERMINERS | TARGET_FILLERS | PERSON_BEFORE or is_verb(previous))
            return self._roster_first_name(token, role, everyday, first_of, glued_to_a_word=glued), role
        if key in self.surname_keys:  # a surname alone is not a child's name: at most a question
            if role == THING or everyday or not token.capitalised or key in place_names():
                return None, role
            return self._hit(token, CONFIRM, self.surname_keys[key]), role
        if key in SCHOOL_WORDS or role == THING or key in place_names() or (
            near_previous and previous.key in PLACE_WORDS_BEFORE
        ):
            return None, role
        if near_previous and previous.capitalised and self.is_name(previous) and not token.sentence_start:
            return None, role  # the second word of "Sydney Harbour" or "Georgia Smith": the full-name rule asks
        if everyday and role != PERSON and (token.sentence_start or token.all_caps):
            return None, role
        return self._hit(token, CONFIRM), role

    def _person_here(self, text: str, tokens: tuple[Token, ...], position: int) -> bool:
        """In a caption typed without capitals, being in a list with other names is not enough ("we picked holly
        and ivy"): another sign of a person is needed (a verb after it, praise before it...)."""
        return PERSON == read_role(text, tokens, position, is_name=lambda t: False, is_surname_of=self.is_surname_of,
                                   is_pupil=lambda t: t.key in self.first_keys,
                                   class_next=lambda at: self.class_next(text, tokens[at]), classes=self.class_keys)

    def _roster_first_name(self, token: Token, role: str, everyday: bool, pupils: frozenset[int],
                           glued_to_a_word: bool = False) -> NameHit | None:
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
        if not token.capitalised and glued_to_a_word:  # "tai chi" in a caption that capitalises names: ask
            return self._hit(token, CONFIRM, pupils)
        return self._hit(token, BLOCK, pupils)

    def _is_pupil(self, token: Token) -> bool:
        return token.key in self.first_keys

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
    def _hit(token: Token, severity: str, pupils: frozenset[int] = frozenset()) -> NameHit:
        return NameHit(token.start, token.end, token.text, severity, tuple(sorted(pupils)))


def _doing_next(tokens: tuple[Token, ...], position: int) -> bool:
    """ "Tegid paddling in ...": the name is followed by what someone is doing (an -ing word that is no noun)."""
    if position + 1 >= len(tokens) or not tokens[position].capitalised:
        return False
    following = tokens[position + 1]
    return (joined_by_space(following.gap_before) and not following.capitalised and following.key.endswith("ing")
            and len(following.key) > 5 and (following.key not in ING_NOUNS  # (but "Kendal tasting Kendal mint cake")
                                             or object_next(tokens, position + 1, tokens[position].key)))
