"""A roster whose first names are also places and words: a name used as a person blocks with a photo, the same
name as part of a place, a title or a thing does not (at most one light question)."""

from __future__ import annotations

import pytest

from app.policy import Draft, RosterPupil, check
from tests.policy.conftest import make_ctx, photo_draft

NAME_RULES = frozenset({"names-with-photo", "full-name"})
ROSTER = (
    RosterPupil("Georgia", "", "Windsor", "6B", True),
    RosterPupil("Sydney", "", "Baker", "6B", True),
    RosterPupil("Jersey", "", "Marsh", "5C", True),
    RosterPupil("Victoria", "", "Church", "5C", True),
    RosterPupil("Hope", "", "Field", "3A", True),
    RosterPupil("Lily", "", "Stone", "3A", True),
    RosterPupil("Paris", "", "Wood", "4A", True),
)
CTX = make_ctx(roster=ROSTER)


def severities(text: str) -> set[str]:
    return {f.severity for f in check(photo_draft(text), CTX, only=NAME_RULES)}


@pytest.mark.parametrize(
    "text",
    [
        "Georgia loved the zip wire",  # subject of a verb
        "Hope climbed all the way to the top",  # a name that is also a word, at the start of a sentence
        "Georgia, Sydney and Lily on the ropes course",  # a list of names
        "Well done Jersey!",
        "Congratulations to Victoria on her certificate",
        "Thank you Paris for tidying up",
        "Happy birthday Sydney 🎂",
        "Victoria's painting won a prize",  # possessive
        "Sydney in 6B made a sandcastle",  # next to a class
        "Lily (3A) read her poem",
        "lily did so well on the zip wire",  # typed fast, lower case
        "Georgia W has been chosen for the county choir",  # with an initial
        "Hope! You did it!",  # speaking to the child
        "Lily and her friends made a daisy chain",
        "This is Paris, our new reading ambassador",
    ],
)
def test_a_pupils_name_used_as_a_person_blocks_with_a_photo(text: str) -> None:
    assert "block" in severities(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Year 6 loved their visit to Jersey Zoo",
        "We saw a film about the Sydney Opera House",
        "Our train leaves from Victoria Station",
        "Year 5 toured Windsor Castle today",
        "We flew to Jersey for the residential",  # a place after "to"
        "Postcards from Paris have arrived",
        "The weather in Jersey is gorgeous today",
        "The choir sang “Lily of the Valley” at the concert",  # a quoted title
        "Victoria sponge for the bake sale",
        "Hope you all have a lovely half term",
        "The lily pad had a frog on it",
        "Jersey is part of the Channel Islands",  # a fact about the place
        "Our Paris trip letters have gone home",
        "Guernsey and Jersey are in the Channel Islands",
    ],
)
def test_the_same_names_as_places_titles_and_things_never_block(text: str) -> None:
    assert "block" not in severities(text), text


def test_places_and_proper_nouns_do_not_even_ask() -> None:
    for text in ("Year 6 loved their visit to Jersey Zoo", "We flew to Jersey for the residential",
                 "Our train leaves from Victoria Station"):
        assert severities(text) == set(), text


def test_a_name_that_is_not_a_place_is_still_a_child_after_to() -> None:
    assert "block" in severities("The prize went to Lily")


def test_a_first_name_with_the_pupils_surname_is_a_full_name_even_without_a_photo() -> None:
    [finding] = check(Draft("Georgia Windsor won the chess trophy"), CTX, only=frozenset({"full-name"}))
    assert finding.severity == "block"


def test_a_pupils_surname_alone_is_not_a_childs_name() -> None:
    assert severities("Mr Windsor led the walk to Windsor Castle") == set()
    assert "block" not in severities("The Baker family brought cakes")
