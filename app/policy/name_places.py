"""Where a name is a place: after a preposition, in a fact about a place, heading a caption, as the place a stay
or a thing belongs to. Used by name_context.read_role; a name counts as a place here only when it is one of
known_places() (the hand-kept list and GeoNames' towns and villages), apart from the stay and "upon" shapes.
"""

from __future__ import annotations

from collections.abc import Callable

from app.policy.name_cues import (
    FUNCTION_WORDS,
    JOURNEY,
    PLACE_AFTER_PHRASE,
    PLACE_FACT,
    PLACE_HEADING,
    PLACE_PREPOSITIONS,
    PRONOUNS,
    SCENIC,
    SCENIC_ALONE,
    STAYS,
    WHERE_QUESTION,
)
from app.policy.name_neighbours import is_verb, place_follows
from app.policy.name_shapes import BESIDE
from app.policy.name_words import known_places
from app.policy.tokens import Token, joined_by_space


def reads_as_place(text: str, tokens: tuple[Token, ...], position: int, is_pupil: Callable[[Token], bool]) -> bool:
    token = tokens[position]
    previous = tokens[position - 1] if position > 0 else None
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    near_previous = previous is not None and joined_by_space(token.gap_before) and not token.sentence_start
    near_following = following is not None and joined_by_space(following.gap_before)
    before_previous = tokens[position - 2] if position > 1 else None
    if near_previous and previous.key in ("at", "in") and before_previous is not None and (
        before_previous.key in STAYS and text[token.end:token.end + 2] not in ("'s", "’s")
    ):
        return True  # "a week at Kielder", "good luck on your residential at Kielder": where the stay is
    if near_previous and previous.key == "upon" and before_previous is not None and before_previous.capitalised:
        return True  # "Burton upon Trent"
    if near_previous and previous.key == "of" and before_previous is not None and (
        before_previous.key in _HEIGHTS and text[token.end:token.end + 2] not in ("'s", "’s")
    ):
        return True  # "the top of Snowdon", "the summit of Tryfan": a hill or mountain
    possessive = text[token.end:token.end + 2] in ("'s", "’s")
    if near_previous and previous.key in PLACE_PREPOSITIONS | BESIDE and near_following and (
        not following.capitalised and following.key in _NAMED_PLACES and not possessive
    ):
        return True  # "exploring Kyrenia harbour and the castle", "a walk to Whitby abbey"
    if near_previous and before_previous is not None and not possessive and (
        (previous.key == "for" and before_previous.key in _DEPART)
        or (previous.key == "to" and before_previous.key in JOURNEY)  # "A wild crossing to Yell"
        or (previous.key in ("at", "in") and before_previous.key == "held")
    ):
        return True  # "the coach will leave for Lincoln", "the first Olympic Games were held at Olympia"
    if token.key not in known_places():
        return False
    if near_following and following.key == "to" and position + 2 < len(tokens) and (
        tokens[position + 2].capitalised and tokens[position + 2].key in known_places()
        and not is_pupil(tokens[position + 2]) and joined_by_space(tokens[position + 2].gap_before)
    ):
        return True  # "Bethesda to Llanberis over the Glyderau": a route between two places
    if (near_previous and previous.key in PLACE_PREPOSITIONS) or PLACE_FACT.match(text, token.end) or (
        near_previous and previous.key in SCENIC_ALONE
    ) or (
        near_previous and previous.key in SCENIC and before_previous is not None
        and before_previous.key in PLACE_PREPOSITIONS
    ) or PLACE_AFTER_PHRASE.match(text, token.end) or place_follows(tokens, position, is_pupil) or (
        token.sentence_start and WHERE_QUESTION.search(text, 0, token.start)
    ):
        return True  # "a trip to Jersey", "from beautiful Skye", "Kingston upon Thames", "Perth, Scotland"
    if _in_a_wider_place(tokens, position, is_pupil):
        return True  # "Florence in Italy was Year 5's city study", "Mali in West Africa"
    if token.sentence_start and PLACE_HEADING.match(text, token.end):
        return True  # "Ely: eels, the cathedral and Oliver Cromwell's house in one day"
    return bool(near_previous and previous.key == "our" and near_following and (
        not following.capitalised and following.key.isalpha() and not is_verb(following)
        and not following.key.endswith(("ing", "ed")) and following.key not in FUNCTION_WORDS | PRONOUNS
    ))  # "our Paris café morning", "our Jamaica topic": the place describes the thing


_NAMED_PLACES = frozenset("harbour castle beach cathedral abbey pier marina quay station airport zoo museum".split())
_DEPART = frozenset("leave leaves leaving left depart departs departing departed set setting bound heading".split())
_HEIGHTS = frozenset("top summit foot slopes peak".split())
_COMPASS = frozenset("north south east west central northern southern eastern western".split())


def _in_a_wider_place(tokens: tuple[Token, ...], position: int, is_pupil: Callable[[Token], bool]) -> bool:
    """ "Florence in Italy", "Mali in West Africa": a place said to be inside a wider known place."""
    if position + 2 >= len(tokens) or tokens[position + 1].key != "in":
        return False
    wider = tokens[position + 2]
    if wider.key in _COMPASS and wider.capitalised and position + 3 < len(tokens):
        wider = tokens[position + 3]
    return (wider.capitalised and wider.key in known_places() and not is_pupil(wider)
            and all(joined_by_space(t.gap_before) for t in tokens[position + 1: tokens.index(wider) + 1]))
