"""Every row of the Facebook error table, through the real channel and the fake Graph API."""

from __future__ import annotations

import pytest
import respx
from pydantic import SecretStr

from app.channels.base import OutcomeKind
from app.channels.facebook import FacebookChannel
from app.channels.facebook_errors import FACEBOOK_ERROR_RULES, classify_graph_response

from .conftest import make_post
from .fake_facebook import BASE, PAGE_ID, PAGE_TOKEN, VERSION, FakeFacebook, Fault, graph_error

# One realistic Graph answer per table row, in table order: (status, body, kind, words in the message)
CASES = [
    (
        400,
        graph_error(190, "Error validating access token: Session has expired", 463),
        OutcomeKind.RECONNECT,
        "expired",
    ),
    (
        400,
        graph_error(190, "Error validating access token: the user changed their password", 460),
        OutcomeKind.RECONNECT,
        "password",
    ),
    (
        400,
        graph_error(190, "Error validating access token: The user has not authorized application", 467),
        OutcomeKind.RECONNECT,
        "reconnect Facebook",
    ),
    (
        403,
        graph_error(200, "(#200) The user hasn't authorized the application to perform this action"),
        OutcomeKind.RECONNECT,
        "permission",
    ),
    (400, graph_error(32, "Page request limit reached"), OutcomeKind.RETRY_LATER, "limiting"),
    (
        500,
        graph_error(2, "An unexpected error has occurred. Please retry your request later.", transient=True),
        OutcomeKind.RETRY_LATER,
        "problems",
    ),
    (
        400,
        graph_error(368, "The action attempted has been deemed abusive or is otherwise disallowed"),
        OutcomeKind.REJECTED,
        "policy block",
    ),
    (400, graph_error(506, "Duplicate status message"), OutcomeKind.REJECTED, "same words"),
    (
        400,
        graph_error(324, "(#324) Missing or invalid image file"),
        OutcomeKind.REJECTED,
        "Missing or invalid image file",
    ),
    (
        400,
        graph_error(100, "(#100) The message is too long"),
        OutcomeKind.REJECTED,
        "The message is too long",
    ),
]
MORE_RATE_LIMITS = [4, 17, 613]


def test_every_rule_has_a_case():
    def first_rule(error: dict) -> int:
        code, subcode = error["code"], error.get("error_subcode")
        return next(i for i, rule in enumerate(FACEBOOK_ERROR_RULES) if rule.matches(code, subcode))

    assert {first_rule(body["error"]) for _, body, _, _ in CASES} == set(range(len(FACEBOOK_ERROR_RULES)))


def _publish_with(path: str, fault: Fault, photos: int, spy):
    with respx.mock(assert_all_called=False) as mock:
        fake = FakeFacebook(mock)
        fake.fail_next(path, fault)
        outcome = FacebookChannel(PAGE_ID, SecretStr(PAGE_TOKEN), VERSION, BASE).publish(make_post(photos), spy)
    return outcome, fake


@pytest.mark.parametrize(("status", "body", "kind", "words"), CASES)
def test_error_on_upload_maps_to_the_table(status, body, kind, words, spy):
    outcome, fake = _publish_with(f"/{PAGE_ID}/photos", Fault(status, body), 2, spy)

    assert outcome.kind is kind
    assert words in outcome.message
    assert spy.calls == 0 and not fake.posts


@pytest.mark.parametrize(("status", "body", "kind", "words"), CASES)
def test_error_on_create_maps_to_the_table(status, body, kind, words, spy):
    outcome, _ = _publish_with(f"/{PAGE_ID}/feed", Fault(status, body), 0, spy)

    if body["error"]["code"] == 2:  # Facebook's own fault on the create call: it may have posted
        assert outcome.kind is OutcomeKind.UNKNOWN
    else:
        assert outcome.kind is kind
        assert words in outcome.message
    assert spy.calls == 1


@pytest.mark.parametrize("code", MORE_RATE_LIMITS)
def test_other_rate_limit_codes(code):
    outcome = classify_graph_response(
        400, graph_error(code, "Application request limit reached"), {}, on_create=True
    )

    assert outcome.kind is OutcomeKind.RETRY_LATER


def test_unlisted_transient_error_is_retried_before_create_and_unknown_on_create():
    body = graph_error(9007, "Something odd", transient=True)

    assert classify_graph_response(400, body, {}, on_create=False).kind is OutcomeKind.RETRY_LATER
    assert classify_graph_response(400, body, {}, on_create=True).kind is OutcomeKind.UNKNOWN


def test_unlisted_permanent_error_is_rejected_saying_why():
    outcome = classify_graph_response(400, graph_error(1609005, "Error posting link"), {}, on_create=True)

    assert outcome.kind is OutcomeKind.REJECTED and "Error posting link" in outcome.message
