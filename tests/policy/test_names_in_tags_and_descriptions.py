"""Names hide in hashtags, handles and photo descriptions too; well-known characters are not pupils."""

from __future__ import annotations

import pytest

from app.policy import RosterPupil, check
from tests.policy.conftest import SMALL_ROSTER, make_ctx, photo_draft

ROSTER = (*SMALL_ROSTER, RosterPupil("Jack", "Jack", "Evans", "Oak", True))


def findings(text: str, alt: str = "Children by a lake", photos: int = 1):
    draft = photo_draft(text, photo_count=photos, alt_texts=(alt,) * photos)
    return check(draft, make_ctx(roster=ROSTER), only=frozenset({"names-with-photo", "full-name", "offensive"}))


def spans(text: str, severity: str, rule: str = "names-with-photo") -> list[str]:
    return [text[s:e] for f in findings(text) if f.rule == rule and f.severity == severity for s, e in f.spans]


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("Great day #Aarav", ["Aarav"]),
        ("Great day! #WellDoneAarav #Zofia", ["Aarav", "Zofia"]),
        ("#welldonezofia", []),  # all one lower-case word: nothing to split on (the full word is not a name)
        ("Thanks @ZofiaKowalska for the photos", ["Zofia"]),  # the surname alone asks; the full name blocks
        ("Proud of #TeamOak today", []),
    ],
)
def test_roster_names_in_hashtags_and_handles_block(text: str, blocked: list[str]) -> None:
    assert spans(text, "block") == blocked


def test_a_full_name_in_a_hashtag_is_a_full_name_even_without_a_photo() -> None:
    text = "Star of the week: #AaravSharma"
    draft = photo_draft(text, photo_count=0, alt_texts=())
    [finding] = check(draft, make_ctx(roster=ROSTER), only=frozenset({"full-name"}))
    assert finding.severity == "block" and [text[s:e] for s, e in finding.spans] == ["AaravSharma"]


def test_place_words_and_uk_names_in_hashtags() -> None:
    assert spans("Planting in the #GraceGarden", "block") == []  # followed by a place word
    assert spans("Go #TeamAmelia", "confirm") == ["Amelia"]  # only in the UK list: ask
    assert spans("Go #TeamAmelia", "block") == []
    assert spans("Follow @AmeliaTravel for updates", "confirm") == []  # a handle is an account, not a child


def test_a_name_in_a_photo_description_blocks() -> None:
    [finding] = [f for f in findings("Crab hunting on the beach", alt="Zofia holding a crab")
                 if f.rule == "names-with-photo"]
    assert finding.severity == "block" and finding.spans == ()
    assert finding.message.startswith("The description of photo 1 names “Zofia”")
    assert finding.data == {"names": ["Zofia"], "field": "alt_text", "photo": 1}


def test_a_full_name_and_a_possible_name_in_descriptions() -> None:
    draft = photo_draft("Rock pools", photo_count=2, alt_texts=("Children in the rock pools", "Aarav Sharma smiling"))
    blocks = [f for f in check(draft, make_ctx(roster=ROSTER)) if f.severity == "block"]
    assert [f.data.get("photo") for f in blocks if f.rule == "names-with-photo"] == [2]
    maybe = photo_draft("Rock pools", alt_texts=("Amelia with a net",))
    [finding] = [f for f in check(maybe, make_ctx(roster=ROSTER)) if f.rule == "names-with-photo"]
    assert finding.severity == "confirm" and "photo 1" in finding.message


def test_swearing_in_a_description_blocks() -> None:
    [finding] = [f for f in findings("Lunch", alt="a bloody big sandwich") if f.rule == "offensive"]
    assert finding.severity == "block" and finding.data["photo"] == 1


def test_well_known_characters_are_not_pupils() -> None:
    for text in ("Waving Union Jack flags", "Rehearsing Jack and the Beanstalk", "Robin Hood day"):
        assert [f for f in findings(text) if f.rule == "names-with-photo" and f.severity == "block"] == [], text
    assert spans("Jack climbed the wall", "block") == ["Jack"]  # the pupil himself still blocks
