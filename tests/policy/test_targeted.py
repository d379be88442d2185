"""Praise, criticism or wishes aimed at one named child never go out, with or without a photo."""

from __future__ import annotations

import pytest

from app.policy import Draft, check
from tests.policy.conftest import make_ctx, photo_draft

TARGETED = frozenset({"targeted"})


def targeted(text: str, photos: int = 0) -> list:
    draft = photo_draft(text) if photos else Draft(text)
    return check(draft, make_ctx(), only=TARGETED)


@pytest.mark.parametrize(
    "text",
    [
        "Well done Josh a better lesson today",  # the policy's own example; Josh is not on the roster
        "Congratulations Aarav on your swimming badge",  # a roster pupil
        "Happy birthday to Zofia 🎂",
        "Good luck Ella in your piano exam",
        "Josh, well done on a better day today",  # the name first
        "Oscar needs to remember his PE kit",  # criticism
        "Disappointed with Callum's behaviour on the coach",
        "Star of the week is Amelia ⭐",
        "Get well soon Grace, we miss you",
    ],
)
def test_aimed_at_one_child_blocks_without_a_photo(text: str) -> None:
    [finding] = targeted(text)
    assert finding.severity == "block"
    assert finding.spans and all(text[s:e] for s, e in finding.spans)


def test_it_blocks_with_a_photo_too() -> None:
    [finding] = targeted("Well done Josh a better lesson today", photos=1)
    assert finding.severity == "block"


@pytest.mark.parametrize(
    "text",
    [
        "Well done Year 6, a much better lesson today!",
        "Congratulations to our Year 5 football team",
        "Thank you Class Oak for a lovely assembly",
        "Well done Oak class",
        "Don't forget the trip money by Friday",
        "Thanks to Mrs Patel for driving the minibus",
        "Thanks to Dave our driver for getting us home safely",
        "Thank you to Chester Zoo for a wonderful day",
        "Happy Easter from everyone at Wentworth Primary",
    ],
)
def test_messages_to_a_class_group_staff_or_place_pass(text: str) -> None:
    assert targeted(text) == []
