"""The words next to a name: is the next word a verb, which words share a list with it, is that list of places."""

from __future__ import annotations

from collections.abc import Callable

from app.policy.name_cues import DETERMINERS, PASSIVE, VERB_BASES, VERBS
from app.policy.name_words import known_places as place_names
from app.policy.tokens import Token, joined_by_space


def is_verb(token: Token) -> bool:
    key = token.key
    if token.capitalised and not token.all_caps:
        return False
    if key in VERBS or (len(key) > 4 and key.endswith("ed")):
        return True
    return key.endswith("s") and (
        key[:-1] in VERB_BASES or key[:-2] in VERB_BASES or (key.endswith("ies") and key[:-3] + "y" in VERB_BASES)
    )


def place_neighbour(tokens: tuple[Token, ...], token: Token, neighbour: Token, is_pupil: Callable[[Token], bool]
                     ) -> bool:
    """ "Guernsey and Jersey", "Paris, Rome and Milan" (but not "At Victoria Station, Skye spotted...", nor
    "After a walk up Snowdon, Jordan reached the top": a comma before the name and a verb after it)."""
    if not neighbour.capitalised or is_pupil(neighbour):
        return False
    gap = (neighbour if neighbour.start > token.start else token).gap_before.strip()
    if gap != ",":
        return True
    at = tokens.index(token)
    if neighbour.start < token.start and at + 1 < len(tokens) and is_verb(tokens[at + 1]):
        return False
    return neighbour.key in place_names()


def after_determiner(tokens: tuple[Token, ...], neighbour: Token) -> bool:
    at = tokens.index(neighbour)
    return at > 0 and tokens[at - 1].key in DETERMINERS and joined_by_space(neighbour.gap_before)


def place_follows(tokens: tuple[Token, ...], position: int, is_pupil: Callable[[Token], bool]) -> bool:
    """ "Perth, Scotland", "Dallas, Texas": a place after a comma says which place this is."""
    if position + 1 >= len(tokens):
        return False
    following = tokens[position + 1]
    return following.gap_before.strip() == "," and following.key in place_names() and not is_pupil(following)


def list_goes_on(tokens: tuple[Token, ...], word: Token) -> bool:
    """Is this word followed by a comma, "and", "&" or "+" (one item of a longer list)?"""
    at = tokens.index(word)
    if at + 1 >= len(tokens):
        return False
    after = tokens[at + 1]
    return after.gap_before.strip() in (",", "&", "+") or (after.key == "and" and joined_by_space(after.gap_before))


def list_neighbours(tokens: tuple[Token, ...], position: int, commas: bool = True) -> list[Token]:
    """The words joined to this one by a comma, "and", "&" or "+" in the same sentence."""
    token = tokens[position]
    found = []
    for step in (-1, 1):
        index = position + step
        if not 0 <= index < len(tokens):
            continue
        neighbour = tokens[index]
        gap = (neighbour if step == 1 else token).gap_before.strip()
        if gap in (",", "&", "+"):
            if commas or gap != ",":
                found.append(neighbour)
        elif gap == "" and neighbour.key in ("and", "or") and 0 <= index + step < len(tokens):
            other = tokens[index + step]
            later = tokens[max(index, index + step)]
            if not neighbour.sentence_start and not later.sentence_start:
                found.append(other)
    return found


def whole_list(tokens: tuple[Token, ...], position: int) -> list[Token]:
    """Every other word of the list this one is in: "Kent, Devon, Dorset and Cheshire"."""
    seen, todo = {position}, [position]
    while todo and len(seen) < 12:
        at = todo.pop()
        for neighbour in list_neighbours(tokens, at):
            index = tokens.index(neighbour)
            if index not in seen:
                seen.add(index)
                todo.append(index)
    return [tokens[at] for at in sorted(seen - {position})]


def passive_of_a_thing(tokens: tuple[Token, ...], verb: int) -> bool:
    """ "Grace was said before lunch": a copula and a participle that fits things, not children."""
    return tokens[verb].key in ("was", "is", "were", "are") and verb + 1 < len(tokens) and (
        tokens[verb + 1].key in PASSIVE
    )
