"""The comment classifier: the policy's list, never hiding a parent's ordinary question or polite complaint."""

from __future__ import annotations

import pytest

from app.moderation.classify import ABUSIVE, OK, REVIEW, abuse_score, classify_comment
from app.policy import NameIndex, RosterPupil

NAMES = NameIndex.build((RosterPupil("Maisie", "", "Thornton", "Year 3", True),), [])


@pytest.mark.parametrize("text", [
    "The permission slip never reached us, could it be sent again?",
    "We're really unhappy the trip was moved at short notice. Please can someone explain why?",
    "What time should we collect them from the coach park?",
    "Thank you to every member of staff, what a day",
    "Our class trip to Scunthorpe was great",
    "Dick Whittington at the theatre was a hit with Year 2",
    "Spotted two blue tits and a great tit on the bird walk",
])
def test_ordinary_comments_are_left_alone(text):
    assert classify_comment(text, NAMES).level == OK


@pytest.mark.parametrize("text, flag", [
    ("Mr Dale is a f***ing disgrace", "offensive-language"),
    ("sh1t school with sh1t teachers", "offensive-language"),
    ("You are a useless, pathetic clown of a headteacher", "aimed-at-people"),
    ("Win £2000 cash today!! claim at www.prize-drop.xyz", "spam"),
    ("Hope the head gets hit by a bus", "threat"),
])
def test_clearly_abusive_comments_are_hidden(text, flag):
    verdict = classify_comment(text, NAMES)
    assert verdict.level == ABUSIVE and flag in verdict.flags


@pytest.mark.parametrize("text, flag", [
    ("Well done Maisie Thornton on your certificate", "child-name"),
    ("This school is a shambles at the moment", "undermining"),
    ("More details here: www.example.org/news", "link"),
    ("That was a bloody long wait at pick-up", "offensive-language"),
])
def test_doubtful_comments_wait_for_a_person(text, flag):
    verdict = classify_comment(text, NAMES)
    assert verdict.level == REVIEW and flag in verdict.flags


def test_innocent_phrases_are_masked_before_the_model_scores():
    assert abuse_score("Dick Whittington was wonderful") < 0.5
    assert abuse_score("you stupid idiot") > 0.9
