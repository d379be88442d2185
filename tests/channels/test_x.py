from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
import responses
from pydantic import SecretStr

from app.channels.base import OutcomeKind
from app.channels.x import XChannel

from .conftest import make_post
from .fake_x import BASE, CREDENTIALS, FakeX, Scripted, problem


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def fake(mock) -> FakeX:
    return FakeX(mock)


@pytest.fixture
def channel() -> XChannel:
    return XChannel(**{name: SecretStr(value) for name, value in CREDENTIALS.items()}, api_base=BASE)


@pytest.mark.parametrize("photos", [0, 1, 2, 3, 4])
def test_publishes_text_and_photos_with_alt_text(fake, channel, spy, photos):
    post = make_post(photos)

    outcome = channel.publish(post, spy)

    assert outcome.kind is OutcomeKind.PUBLISHED, outcome
    assert spy.calls == 1
    [tweet] = fake.tweets
    assert outcome.remote_id == tweet["id"]
    assert outcome.url == f"https://x.com/{fake.username}/status/{tweet['id']}"
    assert tweet["text"].startswith(post.text)
    assert len(tweet["media_ids"]) == photos
    for media_id, photo in zip(tweet["media_ids"], post.photos, strict=True):
        assert fake.media[media_id]["data"] == photo.data
        assert fake.media[media_id]["content_type"] == "image/jpeg"
        assert fake.media[media_id]["alt_text"] == photo.alt_text


def test_photo_without_alt_text_skips_metadata_call(fake, channel):
    post = make_post(0)
    post = type(post)(
        post.post_id,
        post.text,
        (type(make_post(1).photos[0])(b"\xff\xd8abc", "image/jpeg"),),
        post.first_attempt_at,
    )

    assert channel.publish(post).kind is OutcomeKind.PUBLISHED
    assert fake.calls_to("/2/media/metadata") == 0


def test_tweepy_requests_follow_the_configured_base(mock, spy):
    other = "https://x-proxy.example.test"
    fake = FakeX(mock, base=other)
    channel = XChannel(**{name: SecretStr(value) for name, value in CREDENTIALS.items()}, api_base=other)

    assert channel.publish(make_post(1), spy).kind is OutcomeKind.PUBLISHED
    assert len(fake.tweets) == 1


def test_wrong_credentials_need_reconnecting(fake, spy):
    creds = {name: SecretStr(value) for name, value in CREDENTIALS.items()} | {
        "access_token_secret": SecretStr("revoked")
    }
    outcome = XChannel(**creds, api_base=BASE).publish(make_post(1), spy)

    assert outcome.kind is OutcomeKind.RECONNECT
    assert "reconnect X" in outcome.message
    assert spy.calls == 0 and not fake.tweets


def test_rate_limited_upload_retries_at_the_reset_time(fake, channel, spy):
    reset = 1_900_000_000
    fake.fail_next(
        "/2/media/upload",
        Scripted(
            429,
            problem(429, "Too Many Requests", "Too Many Requests"),
            {"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"},
        ),
    )

    outcome = channel.publish(make_post(2), spy)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert outcome.retry_at == datetime.fromtimestamp(reset, UTC)
    assert spy.calls == 0 and not fake.tweets


def test_rate_limited_create_retries_at_the_reset_time(fake, channel, spy):
    reset = 1_900_000_123
    fake.fail_next(
        "/2/tweets",
        Scripted(
            429, problem(429, "Too Many Requests", "Too Many Requests"), {"x-rate-limit-reset": str(reset)}
        ),
    )

    outcome = channel.publish(make_post(0), spy)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert outcome.retry_at == datetime.fromtimestamp(reset, UTC)
    assert spy.calls == 1


@pytest.mark.parametrize("path", ["/2/media/upload", "/2/media/metadata"])
def test_server_error_before_create_is_retried_and_nothing_is_posted(fake, channel, spy, path):
    fake.fail_next(path, Scripted(503, problem(503, "Service Unavailable", "Service Unavailable")))

    outcome = channel.publish(make_post(3), spy)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert spy.calls == 0 and not fake.tweets
    assert channel.publish(make_post(3), spy).kind is OutcomeKind.PUBLISHED  # the retry goes through


@pytest.mark.parametrize(
    "fault",
    [
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ConnectionError("Connection reset by peer"),
    ],
)
def test_network_error_on_upload_is_retried(fake, channel, spy, fault):
    fake.fail_next("/2/media/upload", Scripted(exception=fault))

    outcome = channel.publish(make_post(1), spy)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert spy.calls == 0


@pytest.mark.parametrize(
    "fault",
    [
        Scripted(exception=requests.exceptions.ReadTimeout("read timed out")),
        Scripted(
            exception=requests.exceptions.ConnectionError("Connection reset by peer"), accept_first=True
        ),
        Scripted(503, problem(503, "Service Unavailable", "Service Unavailable"), accept_first=True),
        Scripted(500, "<html>oops</html>"),
    ],
    ids=["timeout", "reset-after-accepted", "503-after-accepted", "500"],
)
def test_failure_on_create_is_unknown_never_a_guess(fake, channel, spy, fault):
    fake.fail_next("/2/tweets", fault)

    outcome = channel.publish(make_post(2), spy)

    assert outcome.kind is OutcomeKind.UNKNOWN
    assert "check" in outcome.message.lower()
    assert spy.calls == 1


def test_connect_timeout_on_create_is_safe_to_retry(fake, channel, spy):
    fake.fail_next("/2/tweets", Scripted(exception=requests.exceptions.ConnectTimeout("connect timed out")))

    assert channel.publish(make_post(0), spy).kind is OutcomeKind.RETRY_LATER
    assert spy.calls == 1 and not fake.tweets


def test_duplicate_is_rejected_with_a_reason(fake, channel):
    assert channel.publish(make_post(0)).kind is OutcomeKind.PUBLISHED
    outcome = channel.publish(make_post(0))

    assert outcome.kind is OutcomeKind.REJECTED
    assert "same words" in outcome.message


def test_reconciliation_finds_a_post_x_accepted_before_the_connection_dropped(fake, channel):
    post = make_post(2, text="Sports day: Blue house won! Results & photos")
    fake.fail_next(
        "/2/tweets", Scripted(exception=requests.exceptions.ConnectionError("reset"), accept_first=True)
    )
    assert channel.publish(post).kind is OutcomeKind.UNKNOWN

    found = channel.find_published(post)

    assert found is not None and found.kind is OutcomeKind.PUBLISHED
    assert found.remote_id == fake.tweets[0]["id"]
    assert found.url == f"https://x.com/{fake.username}/status/{found.remote_id}"


def test_reconciliation_reports_a_post_that_is_not_there(fake, channel):
    fake.fail_next("/2/tweets", Scripted(exception=requests.exceptions.ReadTimeout("timed out")))
    post = make_post(0)
    assert channel.publish(post).kind is OutcomeKind.UNKNOWN
    assert channel.publish(make_post(0, text="A different post")).kind is OutcomeKind.PUBLISHED

    assert channel.find_published(post) is None


def test_reconciliation_ignores_older_posts_with_the_same_text(fake, channel):
    post = make_post(0)
    assert channel.publish(post).kind is OutcomeKind.PUBLISHED
    fake.tweets[0]["created_at"] = datetime(2020, 1, 1, tzinfo=UTC)

    assert channel.find_published(post) is None


@pytest.mark.parametrize(
    "fault",
    [
        Scripted(503, problem(503, "Service Unavailable", "Service Unavailable")),
        Scripted(exception=requests.exceptions.ReadTimeout("timed out")),
    ],
)
def test_reconciliation_that_cannot_check_says_unknown(fake, channel, fault):
    fake.fail_next(f"/2/users/{fake.user_id}/tweets", fault)

    outcome = channel.find_published(make_post(0))

    assert outcome is not None and outcome.kind is OutcomeKind.UNKNOWN


def test_check_connection_ok(fake, channel):
    check = channel.check_connection()

    assert check.ok and check.account == "@wentworthps" and not check.needs_reconnect


def test_check_connection_revoked(fake):
    creds = {name: SecretStr(value) for name, value in CREDENTIALS.items()} | {
        "access_token_secret": SecretStr("revoked")
    }
    check = XChannel(**creds, api_base=BASE).check_connection()

    assert not check.ok and check.needs_reconnect
    assert "reconnect X" in check.message


def test_check_connection_offline(mock):
    mock.add("GET", f"{BASE}/2/users/me", body=requests.exceptions.ConnectionError("no route"))
    channel = XChannel(**{name: SecretStr(value) for name, value in CREDENTIALS.items()}, api_base=BASE)

    check = channel.check_connection()

    assert not check.ok and not check.needs_reconnect
