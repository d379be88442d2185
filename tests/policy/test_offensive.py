from __future__ import annotations

import pytest

from app.policy import Draft, check
from app.policy.offensive import find_offensive
from tests.policy.conftest import make_ctx


def flagged(text: str) -> list[str]:
    return [hit.word for hit in find_offensive(text)]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("What a bloody mess", "bloody"),
        ("Absolute bollocks", "bollocks"),
        ("b0ll0cks to that", "b0ll0cks"),
        ("sh1t weather", "sh1t"),
        ("f*** off", "f***"),
        ("f**king coach", "f**king"),
        ("fuuuuck", "fuuuuck"),
        ("tw@t", "tw@t"),
        ("Bugger.", "Bugger"),
        ("what a motherfucking day", "motherfucking"),
    ],
)
def test_offensive_words_and_masked_forms_are_found(text: str, word: str) -> None:
    assert flagged(text) == [word]


@pytest.mark.parametrize(
    "text",
    [
        "Dick Whittington panto",
        "spotted dick and custard",
        "blue tits in the nest box",
        "pussy willow on the walk",
        "Scunthorpe United",
        "through Penistone",
        "a fruit cocktail",
        "the murder holes above the gate",
        "lunch in Cockermouth",
        "Shitterton in Dorset",
        "Tickets £5* (*members)",
        "Year 6 scored 10/10",
        "the class hamster",
        "Arsenal v Spurs",
    ],
)
def test_innocent_phrases_and_places_pass(text: str) -> None:
    assert flagged(text) == []


def test_the_rule_blocks_with_spans_and_quotes_the_policy() -> None:
    text = "The bloody coach is late"
    [finding] = check(Draft(text), make_ctx(), only=frozenset({"offensive"}))
    assert finding.severity == "block"
    assert [text[s:e] for s, e in finding.spans] == ["bloody"]
    assert "Offensive language" in finding.policy


@pytest.mark.parametrize(("text", "rude"), [
    ("Y1 nativity: shepherds and a LOT of sheep", False),  # farm animals counted, not people insulted
    ("A herd of pigs came to the fence at the farm", False),
    ("You lot are a bunch of sheep", True),
    ("What a load of idiots", True),
])
def test_animals_in_numbers_are_not_an_insult(text: str, rude: bool) -> None:
    from app.policy.detector import offensive_findings

    assert bool(offensive_findings(text)) is rude


@pytest.mark.parametrize(("text", "rude"), [
    ("Jerk chicken, rice and peas for Caribbean food day", False),  # a way of cooking
    ("He is such a jerk", True),
    ("Reeds, dykes and drains: the Fens in Year 3 art", False),  # a drainage ditch in the Fens
    ("A walk along the dyke by the river", False),
    ("They called her a dyke in the playground", True),
])
def test_food_and_fenland_words(text: str, rude: bool) -> None:
    from app.policy.detector import offensive_findings

    assert bool(offensive_findings(text)) is rude
