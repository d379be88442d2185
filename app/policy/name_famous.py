"""Well-known full names in a caption ("Robert Burns", "Bear Grylls", "Hermione Granger"): never a pupil.

The long list (data/famous_more.txt, about 6,700 names; its header says where it comes from) is looked up
word by word, so it costs one dictionary lookup per word (the short hand-made famous_names.txt is matched as
allowlisted phrases, any case). A name here only counts when it is written as a name: every word capitalised
("Jack Black", not "jack black belt"), apart from small joining words ("Alfred the Great", "Leonardo da
Vinci") and captions typed all in lower case.
A famous name that is exactly a roster pupil's first name and surname is left out, so the full-name rule
still blocks a pupil who shares it.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from functools import cache
from importlib.resources import files

from app.policy.tokens import Token, tokenize

JOINING = frozenset("the of de da di del della van von der den du le la y and bin al ap".split())
_FILES = ("data/famous_more.txt",)


@cache
def _by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the rest of each famous name starting with it, longest first."""
    table: dict[str, set[tuple[str, ...]]] = {}
    for name in _FILES:
        for line in files("app.policy").joinpath(name).read_text(encoding="utf-8").splitlines():
            keys = tuple(token.key for token in tokenize(line)) if line.strip() and not line.startswith("#") else ()
            if len(keys) > 1:
                table.setdefault(keys[0], set()).add(keys[1:])
    return {first: tuple(sorted(rests, key=len, reverse=True)) for first, rests in table.items()}


def famous_positions(tokens: tuple[Token, ...], lower_case: bool, first_keys: Mapping[str, Set[int]],
                     surname_keys: Mapping[str, Set[int]]) -> set[int]:
    """Positions of the words that make up a well-known full name."""
    table = _by_first_word()
    found: set[int] = set()
    for position, token in enumerate(tokens):
        rests = table.get(token.key)
        if not rests or not (token.capitalised or lower_case):
            continue
        for rest in rests:
            end = position + 1 + len(rest)
            if end > len(tokens) or any(t.key != key for t, key in zip(tokens[position + 1 : end], rest, strict=True)):
                continue
            words = tokens[position:end]
            if any(not (t.capitalised or lower_case or t.key in JOINING) for t in words):
                continue
            if any(t.gap_before.strip(" .") for t in words[1:]):
                continue  # one phrase: spaces (and the dots of initials) between its words only
            if first_keys.get(token.key, set()) & surname_keys.get(words[-1].key, set()):
                continue  # a pupil with that very name
            found.update(range(position, end))
            if len(rest) == 1:
                found.update(_siblings_before(tokens, position, rest, table))
            break
    return found


def _siblings_before(tokens: tuple[Token, ...], position: int, surname: tuple[str, ...],
                     table: Mapping[str, tuple[tuple[str, ...], ...]]) -> set[int]:
    """ "Charlotte, Emily and Anne Brontë": first names listed before a famous full name that share its surname
    and make famous names with it too."""
    found: set[int] = set()
    at = position
    while at > 0:
        joined_by_and = tokens[at - 1].key == "and" and at > 1
        before = at - 2 if joined_by_and else at - 1
        if not joined_by_and and tokens[at].gap_before.strip() != ",":
            break
        candidate = tokens[before]
        if not candidate.capitalised or surname not in table.get(candidate.key, ()):
            break
        found.add(before)
        at = before
    return found
