"""Every row of the X error table, through the real channel and the fake X (status + X's own body)."""

from __future__ import annotations

import pytest
import responses
from pydantic import SecretStr

from app.channels.base import OutcomeKind
from app.channels.x import XChannel
from app.channels.x_errors import X_ERROR_RULES, classify_x_response

from .conftest import make_post
from .fake_x import BASE, CREDENTIALS, FakeX, Scripted, problem

# One realistic X answer per table row, in table order: (status, body, expected kind, words in the message)
CASES = [
    (401, problem(401, "Unauthorized", "Unauthorized"), OutcomeKind.RECONNECT, "reconnect X"),
    (429, problem(429, "Too Many Requests", "Too Many Requests"), OutcomeKind.RETRY_LATER, "try again"),
    (503, problem(503, "Service Unavailable", "Service Unavailable"), OutcomeKind.RETRY_LATER, "problems"),
    (
        403,
        problem(403, "You are not allowed to create a Tweet with duplicate content."),
        OutcomeKind.REJECTED,
        "same words",
    ),
    (
        403,
        problem(
            403,
            "Your client app is not configured with the appropriate oauth1 app permissions for this "
            "endpoint.",
            type_="https://api.twitter.com/2/problems/oauth1-permissions",
        ),
        OutcomeKind.RECONNECT,
        "Read and Write",
    ),
    (
        403,
        problem(403, "You are not permitted to perform this action."),
        OutcomeKind.RECONNECT,
        "Read and Write",
    ),
    (
        403,
        problem(
            403,
            "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens "
            "from a Twitter developer App that is attached to a Project.",
            "Client Forbidden",
            "https://api.twitter.com/2/problems/client-not-enrolled",
        ),
        OutcomeKind.RECONNECT,
        "developer account",
    ),
    (403, problem(403, "Your Tweet text is too long."), OutcomeKind.REJECTED, "too long for X"),
    (
        400,
        {
            "errors": [{"message": "media_ids: Your media IDs are invalid."}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        },
        OutcomeKind.REJECTED,
        "photos",
    ),
    (413, "<html>Request Entity Too Large</html>", OutcomeKind.REJECTED, "too large"),
    (
        403,
        problem(403, "You are not allowed to post about this."),
        OutcomeKind.REJECTED,
        "You are not allowed to post about this",
    ),
    (
        400,
        problem(400, "The `text` field is required.", "Invalid Request"),
        OutcomeKind.REJECTED,
        "The `text` field is required",
    ),
]


def test_every_rule_has_a_case():
    matched = set()
    for status, body, _, _ in CASES:
        text = classify_x_response(status, body, {}, on_create=False).message
        matched |= {i for i, rule in enumerate(X_ERROR_RULES) if rule.message.split("{")[0] in text}
    assert matched == set(range(len(X_ERROR_RULES)))


# A 5xx on the create request is ambiguous (UNKNOWN): covered in test_x.py.
@pytest.mark.parametrize(("status", "body", "kind", "words"), [case for case in CASES if case[0] < 500])
def test_error_on_create_maps_to_the_table(status, body, kind, words, spy):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeX(mock)
        fake.fail_next("/2/tweets", Scripted(status, body))
        channel = XChannel(**{name: SecretStr(value) for name, value in CREDENTIALS.items()}, api_base=BASE)

        outcome = channel.publish(make_post(1), spy)

    assert outcome.kind is kind
    assert words in outcome.message
    assert spy.calls == 1


@pytest.mark.parametrize(("status", "body", "kind", "words"), CASES)
def test_error_on_upload_maps_to_the_table(status, body, kind, words, spy):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeX(mock)
        fake.fail_next("/2/media/upload", Scripted(status, body))
        channel = XChannel(**{name: SecretStr(value) for name, value in CREDENTIALS.items()}, api_base=BASE)

        outcome = channel.publish(make_post(2), spy)

    assert outcome.kind is kind
    assert words in outcome.message
    assert spy.calls == 0 and not fake.tweets


def test_retry_after_is_used_when_there_is_no_reset_header():
    from datetime import UTC, datetime, timedelta

    now = datetime(2025, 6, 3, 10, 0, tzinfo=UTC)
    outcome = classify_x_response(503, None, {"retry-after": "120"}, on_create=False, now=now)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert outcome.retry_at == now + timedelta(seconds=120)
