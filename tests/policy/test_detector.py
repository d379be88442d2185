"""The shared offensive-language detector: word list, phrases and the trained model, with innocent words,
places and titles left alone."""

from __future__ import annotations

import pytest
from profanity_check import predict_prob

from app.policy import Draft, check
from app.policy.detector import THRESHOLD, is_offensive, offensive_findings, offensive_score
from app.policy.offensive_model import model
from tests.policy.conftest import make_ctx


@pytest.mark.parametrize(
    "text",
    [
        "Let's go kick some butt at sports day!",
        "What the hell happened to the weather",
        "The other parents were a pack of morons and liars",
        "That new PE kit is so gay",
        "For god's sake, the road is closed again",
        "The ref was a right plonker",
        "This rain sucks",
        "Damn, we forgot the lunches",
    ],
)
def test_swearing_oaths_and_insults_are_found(text: str) -> None:
    assert offensive_findings(text), text
    assert offensive_score(text) >= THRESHOLD and is_offensive(text)


@pytest.mark.parametrize(
    "text",
    [
        "Year 5 walked from Crapstone to Yelverton",
        "A stop in Bitchfield on the way to Grantham",
        "Our new caretaker is Mr Sexton",
        "We sang Cockles and Mussels in assembly",
        "Our pianist played beautifully",
        "Year 4 loved the Dick Whittington panto",
        "Blue tits are nesting in our bird box",
        "Water butts for the school garden",
        "Year 6 learned about Alan Turing and gay rights in history",
        "We saw a clown at the circus",
    ],
)
def test_innocent_words_places_and_titles_pass(text: str) -> None:
    assert offensive_findings(text) == [], text
    assert not is_offensive(text)


def test_the_finding_points_at_the_words() -> None:
    text = "What the hell was that ref doing"
    [hit] = offensive_findings(text)
    assert text[hit.start : hit.end] == "What the hell"


def test_a_word_only_the_model_knows_is_found_and_pointed_at() -> None:
    text = "Stupid weather ruined the picnic"
    [hit] = offensive_findings(text)
    assert (hit.word, hit.meant) == ("Stupid", "offensive (model)")


def test_the_model_scores_exactly_as_the_package_does() -> None:
    texts = ["kick some butt", "Great day at the beach", "you lot are a bunch of homos", "the ref was useless"]
    expected = predict_prob(texts)
    for text, want in zip(texts, expected, strict=True):
        assert model().probability(text) == pytest.approx(float(want), abs=1e-9)


def test_the_caption_rule_blocks_and_quotes_the_phrase() -> None:
    text = "Let's go kick some butt at sports day!"
    [finding] = check(Draft(text), make_ctx(), only=frozenset({"offensive"}))
    assert finding.severity == "block"
    assert [text[s:e] for s, e in finding.spans] == ["kick some butt"]
