from __future__ import annotations

import pytest

from app.policy import Draft, check
from tests.policy.conftest import make_ctx, photo_draft

NAME_RULES = frozenset({"names-with-photo", "full-name"})


def findings(text: str, photos: int = 1, allowlist: tuple[str, ...] = ()) -> list:
    draft = photo_draft(text, photo_count=photos, alt_texts=("x",) * photos)
    return check(draft, make_ctx(allowlist=allowlist), only=NAME_RULES)


def severities(text: str, **kwargs: object) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in findings(text, **kwargs)}


def named(text: str, **kwargs: object) -> list[str]:
    return [text[s:e] for f in findings(text, **kwargs) if f.rule == "names-with-photo" for s, e in f.spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Well done Aarav!", ["Aarav"]),
        ("well done aarav", ["aarav"]),  # typed fast, lower case
        ("AARAV scored", ["AARAV"]),
        ("Siobhán painted this", ["Siobhán"]),
        ("Siobhan painted this", ["Siobhan"]),  # preferred, no accent
        ("Great work Ollie", ["Ollie"]),  # preferred forename
        ("Zofia's painting", ["Zofia"]),  # possessive left out of the span
        ("Thanks to Will and Grace", ["Will", "Grace"]),
    ],
)
def test_roster_names_block_with_a_photo(text: str, expected: list[str]) -> None:
    assert named(text) == expected
    assert ("names-with-photo", "block") in severities(text)


def test_without_a_photo_first_names_are_allowed() -> None:
    assert findings("Well done Aarav!", photos=0) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hope you all have a lovely half term",
        "Will you join us on Friday?",
        "May half term starts on 23rd May",
        "Summer term clubs start next week",
        "We hope the rain stops",
        "Grace was said before lunch",  # everyday word at a sentence start: at most a confirm
        "Mrs Patel and Mr. Wood led the walk",
        "Coach Will Baker ran the session",
        "Class Willow and Willow class went out",
        "Lake Windermere and Chester Zoo",
    ],
)
def test_everyday_words_staff_and_places_are_never_blocked(text: str) -> None:
    assert not any(sev == "block" for _, sev in severities(text)), text


def test_a_name_inside_a_longer_proper_noun_is_not_a_child() -> None:
    assert severities("Our visit to the Grace Lighthouse exhibition") <= {("names-with-photo", "confirm")}
    assert severities("Our visit to the Grace Darling museum") == set()  # a well-known heroine, built in


def test_a_surname_alone_is_at_most_a_question() -> None:
    assert severities("Smith-Jones won") == {("names-with-photo", "confirm")}
    assert severities("The O’Neill twins") == set()
    assert severities("Thanks to the Wood family for the cakes") == set()  # an everyday word


def test_name_only_in_the_uk_list_asks_for_confirmation_case_sensitively() -> None:
    assert severities("Jake from St Peter's played well") == {("names-with-photo", "confirm")}
    assert findings("jake played well") == []


def test_allowlist_suppresses_names_on_the_text_it_covers() -> None:
    assert severities("Lunch at Brockhole with Jake") == {("names-with-photo", "confirm")}
    assert named("Lunch at Brockhole with Jake", allowlist=("brockhole", "Jake")) == []
    assert named("The Grace Darling museum", allowlist=("grace darling",)) == []


def test_full_name_of_a_roster_pupil_blocks_even_without_a_photo() -> None:
    [finding] = check(Draft("Siobhan O'Neill won"), make_ctx(), only=frozenset({"full-name"}))
    assert (finding.severity, finding.spans) == ("block", ((0, 15),))


def test_first_name_and_surname_like_word_asks_for_confirmation() -> None:
    [finding] = check(Draft("Visit from Jake Kowalczyk"), make_ctx(), only=frozenset({"full-name"}))
    assert finding.severity == "confirm"


def test_first_name_then_everyday_capitalised_word_is_not_a_full_name() -> None:
    assert check(Draft("Jake Visited the farm"), make_ctx(), only=frozenset({"full-name"})) == []


def test_spans_point_at_the_names() -> None:
    text = "🎉 Brilliant day! Aarav and Zofia led the way"
    [finding] = [f for f in findings(text) if f.severity == "block"]
    assert [text[s:e] for s, e in finding.spans] == ["Aarav", "Zofia"]


def test_the_policys_own_example_is_blocked_with_or_without_a_photo() -> None:
    for draft in (Draft("Well done Josh a better lesson today"), photo_draft("Well done Josh a better lesson today")):
        [finding] = check(draft, make_ctx(), only=frozenset({"targeted"}))
        assert finding.severity == "block"
        assert "Well done Josh a better lesson today" in finding.message
        assert finding.spans == ((0, 14),)


@pytest.mark.parametrize(
    "text",
    [
        "Well done Year 6!",
        "Well done to everyone",
        "Thank you Class Oak",
        "Don't forget the PE kits, Year 3",
        "Thanks to Mrs Patel for driving",
    ],
)
def test_messages_to_a_class_or_staff_are_not_targeted(text: str) -> None:
    assert check(Draft(text), make_ctx(), only=frozenset({"targeted"})) == []


def test_names_index_is_reusable_and_independent_of_the_text() -> None:
    ctx = make_ctx()
    first = check(photo_draft("Aarav"), ctx, only=NAME_RULES)
    check(photo_draft("something else entirely"), ctx, only=NAME_RULES)
    assert check(photo_draft("Aarav"), ctx, only=NAME_RULES) == first
