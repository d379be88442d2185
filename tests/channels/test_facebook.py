from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx
from pydantic import SecretStr

from app.channels.base import OutcomeKind
from app.channels.facebook import FacebookChannel

from .conftest import make_post
from .fake_facebook import (
    BASE,
    PAGE_ID,
    PAGE_NAME,
    PAGE_TOKEN,
    USER_TOKEN,
    VERSION,
    FakeFacebook,
    Fault,
    graph_error,
)


@pytest.fixture
def mock():
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def fake(mock) -> FakeFacebook:
    return FakeFacebook(mock)


def make_channel(token: str = PAGE_TOKEN) -> FacebookChannel:
    return FacebookChannel(PAGE_ID, SecretStr(token), graph_version=VERSION, graph_base=BASE)


@pytest.fixture
def channel() -> FacebookChannel:
    return make_channel()


def test_text_only_goes_to_the_feed(fake, channel, spy):
    post = make_post(0)

    outcome = channel.publish(post, spy)

    assert outcome.kind is OutcomeKind.PUBLISHED, outcome
    [published] = fake.posts
    assert published["message"] == post.text and published["photo_ids"] == []
    assert outcome.remote_id == published["id"]
    assert outcome.url == f"https://www.facebook.com/wentworthps/posts/{published['id'].split('_')[1]}"
    assert spy.calls == 1 and fake.calls_to("/photos") == 0


def test_one_photo_is_a_single_photos_post_with_caption_and_alt_text(fake, channel, spy):
    post = make_post(1)

    outcome = channel.publish(post, spy)

    assert outcome.kind is OutcomeKind.PUBLISHED, outcome
    [(photo_id, photo)] = fake.photos.items()
    assert photo == {
        "data": post.photos[0].data,
        "content_type": "image/jpeg",
        "alt_text": post.photos[0].alt_text,
        "caption": post.text,
        "published": True,
    }
    [published] = fake.posts
    assert published["photo_ids"] == [photo_id] and outcome.remote_id == published["id"]
    assert fake.calls_to("/feed") == 0


@pytest.mark.parametrize("count", [2, 3, 4])
def test_several_photos_are_uploaded_unpublished_then_attached(fake, channel, spy, count):
    post = make_post(count)

    outcome = channel.publish(post, spy)

    assert outcome.kind is OutcomeKind.PUBLISHED, outcome
    [published] = fake.posts
    assert published["message"] == post.text
    assert [fake.photos[i]["data"] for i in published["photo_ids"]] == [p.data for p in post.photos]
    assert [fake.photos[i]["alt_text"] for i in published["photo_ids"]] == [p.alt_text for p in post.photos]
    assert not any(fake.photos[i]["published"] for i in published["photo_ids"])


def test_a_user_token_is_refused_before_anything_is_sent(fake, spy):
    outcome = make_channel(USER_TOKEN).publish(make_post(2), spy)

    assert outcome.kind is OutcomeKind.RECONNECT
    assert "personal user token" in outcome.message and PAGE_ID in outcome.message
    assert "Jo Bloggs" not in outcome.message
    assert spy.calls == 0 and not fake.photos and not fake.posts


def test_rate_limit_on_upload_gives_retry_at_from_the_usage_header(fake, channel, spy):
    usage = json.dumps(
        {PAGE_ID: [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}
    )
    fake.fail_next(
        f"/{PAGE_ID}/photos",
        Fault(400, graph_error(32, "Page request limit reached"), {"x-business-use-case-usage": usage}),
    )
    before = datetime.now(UTC)

    outcome = channel.publish(make_post(2), spy)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert outcome.retry_at is not None
    assert 6.9 * 60 <= (outcome.retry_at - before).total_seconds() <= 7.1 * 60
    assert spy.calls == 0 and not fake.posts


def test_429_with_retry_after(fake, channel, spy):
    fake.fail_next(f"/{PAGE_ID}/feed", Fault(429, "Too Many Requests", {"retry-after": "90"}))
    before = datetime.now(UTC)

    outcome = channel.publish(make_post(0), spy)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert 85 <= (outcome.retry_at - before).total_seconds() <= 95


@pytest.mark.parametrize(
    "fault",
    [
        Fault(500, graph_error(2, "An unexpected error has occurred.", transient=True)),
        Fault(502, "<html>Bad Gateway</html>"),
        Fault(exception=httpx.ReadTimeout("timed out")),
        Fault(exception=httpx.RemoteProtocolError("Server disconnected without sending a response.")),
    ],
    ids=["graph-2", "502", "timeout", "reset"],
)
def test_failure_uploading_an_unpublished_photo_is_retried(fake, channel, spy, fault):
    fake.fail_next(f"/{PAGE_ID}/photos", fault)

    outcome = channel.publish(make_post(3), spy)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert spy.calls == 0 and not fake.posts
    assert channel.publish(make_post(3), spy).kind is OutcomeKind.PUBLISHED


@pytest.mark.parametrize(
    ("photos", "path"), [(0, "feed"), (1, "photos"), (2, "feed")], ids=["text", "one-photo", "two-photos"]
)
@pytest.mark.parametrize(
    "fault",
    [
        Fault(exception=httpx.ReadTimeout("timed out")),
        Fault(exception=httpx.RemoteProtocolError("Server disconnected"), accept_first=True),
        Fault(500, graph_error(1, "An unknown error occurred", transient=True), accept_first=True),
        Fault(503, "Service Unavailable"),
    ],
    ids=["timeout", "reset-after-accepted", "graph-1", "503"],
)
def test_failure_on_the_create_request_is_unknown(fake, channel, spy, photos, path, fault):
    if path == "photos" or photos == 0:
        fake.fail_next(f"/{PAGE_ID}/{path}", fault)
    else:
        fake.fail_next(f"/{PAGE_ID}/feed", fault)

    outcome = channel.publish(make_post(photos), spy)

    assert outcome.kind is OutcomeKind.UNKNOWN
    assert spy.calls == 1


def test_connect_error_on_create_is_safe_to_retry(fake, channel, spy):
    fake.fail_next(f"/{PAGE_ID}/feed", Fault(exception=httpx.ConnectError("no route to host")))

    assert channel.publish(make_post(0), spy).kind is OutcomeKind.RETRY_LATER
    assert spy.calls == 1 and not fake.posts


def test_reconciliation_finds_a_post_facebook_accepted_before_the_connection_dropped(fake, channel):
    post = make_post(2)
    fake.fail_next(f"/{PAGE_ID}/feed", Fault(exception=httpx.RemoteProtocolError("reset"), accept_first=True))
    assert channel.publish(post).kind is OutcomeKind.UNKNOWN

    found = channel.find_published(post)

    assert found is not None and found.kind is OutcomeKind.PUBLISHED
    assert found.remote_id == fake.posts[0]["id"]
    assert found.url.startswith("https://www.facebook.com/")


def test_reconciliation_reports_a_post_that_is_not_there(fake, channel):
    post = make_post(0)
    fake.fail_next(f"/{PAGE_ID}/feed", Fault(exception=httpx.ReadTimeout("timed out")))
    assert channel.publish(post).kind is OutcomeKind.UNKNOWN
    assert channel.publish(make_post(0, text="Something else")).kind is OutcomeKind.PUBLISHED

    assert channel.find_published(post) is None


@pytest.mark.parametrize(
    "fault",
    [
        Fault(500, graph_error(2, "Service temporarily unavailable", transient=True)),
        Fault(exception=httpx.ConnectTimeout("timed out")),
    ],
)
def test_reconciliation_that_cannot_check_says_unknown(fake, channel, fault):
    fake.fail_next(f"/{PAGE_ID}/published_posts", fault)

    outcome = channel.find_published(make_post(0))

    assert outcome is not None and outcome.kind is OutcomeKind.UNKNOWN


def test_check_connection_ok(fake, channel):
    check = channel.check_connection()

    assert check.ok and check.account == PAGE_NAME and not check.needs_reconnect


def test_check_connection_revoked(fake, channel):
    fake.revoked.add(PAGE_TOKEN)

    check = channel.check_connection()

    assert not check.ok and check.needs_reconnect
    assert "reconnect Facebook" in check.message


def test_check_connection_with_a_user_token(fake):
    check = make_channel(USER_TOKEN).check_connection()

    assert not check.ok and check.needs_reconnect and "personal user token" in check.message


def test_revoked_token_while_publishing_needs_reconnecting(fake, channel, spy):
    assert channel.check_connection().ok
    fake.revoked.add(PAGE_TOKEN)

    outcome = channel.publish(make_post(1), spy)

    assert outcome.kind is OutcomeKind.RECONNECT and "reconnect Facebook" in outcome.message
    assert spy.calls == 1  # the single-photo upload is itself the create request
